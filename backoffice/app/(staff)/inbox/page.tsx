import { InboxView } from '../../../src/features/inbox/inbox-view';

export default function InboxPage() {
  return <InboxView />;
}
