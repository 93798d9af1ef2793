import { ConsultationView } from '../../../../src/features/consultation/consultation-view';

export default async function ConsultationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConsultationView consultationId={id} />;
}
