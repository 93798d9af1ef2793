// https://www.twilio.com/docs/usage/webhooks/webhooks-security
export { verifyTwilioSignature as verifyTwilioWhatsapp } from '../../providers/twilio/verify-signature';
