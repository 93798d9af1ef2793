// https://developers.africastalking.com/docs/ussd/overview
export { verifyAfricasTalkingToken as verifyAfricasTalkingUssd } from '../../providers/africastalking/verify-token';
