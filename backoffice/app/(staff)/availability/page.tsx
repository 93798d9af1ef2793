import { AvailabilityView } from '../../../src/features/availability/availability-view';

export default function AvailabilityPage() {
  return <AvailabilityView />;
}
