import { ReviewsView } from '../../../../src/features/admin/reviews-view';

export default function ReviewsPage() {
  return <ReviewsView />;
}
