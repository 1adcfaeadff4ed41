// The unsubscribe tokens alone, for the API's one-click endpoint: importing them does not load
// the e-mail templates (React Email) that the rest of the library brings.
export {
  MAX_TOKEN_LENGTH,
  signUnsubscribeToken,
  TOKEN_SHAPE,
  UNSUBSCRIBE_ACTIONS,
  verifyUnsubscribeToken,
  type SigningKey,
  type UnsubscribeAction,
  type UnsubscribeRequest,
} from './lib/headers';
