// The notifier signs the unsubscribe links (libs/notifications); the API verifies them with
// the same code, through the library's light entry point (no e-mail templates loaded).
export {
  MAX_TOKEN_LENGTH,
  TOKEN_SHAPE,
  UNSUBSCRIBE_ACTIONS,
  verifyUnsubscribeToken,
  type UnsubscribeAction,
  type UnsubscribeRequest,
} from '@suivi/notifications/unsubscribe';
