import { FacilityView } from '../../../src/features/facility/facility-view';
import { messagesFor } from '../../../src/i18n/messages';
import { readLang, requireUser } from '../../../src/session/read-session';

export default async function FacilityPage() {
  const user = await requireUser();
  if (user.role !== 'facility_admin') return <p role="alert">{messagesFor(await readLang())['error.forbidden']}</p>;
  return <FacilityView />;
}
