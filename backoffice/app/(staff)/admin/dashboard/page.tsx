import { DashboardView } from '../../../../src/features/admin/dashboard-view';

export default function DashboardPage() {
  return <DashboardView />;
}
