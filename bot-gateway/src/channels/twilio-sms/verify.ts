// https://www.twilio.com/docs/usage/webhooks/webhooks-security
export { verifyTwilioSignature as verifyTwilioSms } from '../../providers/twilio/verify-signature';
