import { CalendarView } from '../../../src/features/calendar/calendar-view';

export default function CalendarPage() {
  return <CalendarView />;
}
