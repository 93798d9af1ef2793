// https://developers.africastalking.com/docs/sms/notifications
export { verifyAfricasTalkingToken as verifyAfricasTalkingSms } from '../../providers/africastalking/verify-token';
