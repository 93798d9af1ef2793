// https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
export { verifyMetaSignature as verifyMetaWhatsapp } from '../../providers/meta/verify-signature';
