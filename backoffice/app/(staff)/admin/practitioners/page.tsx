import { VerificationView } from '../../../../src/features/admin/verification-view';

export default function VerificationPage() {
  return <VerificationView />;
}
