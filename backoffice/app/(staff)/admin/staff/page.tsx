import { StaffView } from '../../../../src/features/admin/staff-view';

export default function StaffPage() {
  return <StaffView />;
}
