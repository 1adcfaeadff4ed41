export * from './lib/types';
export { composeDigest, digestItemCount, DIGEST_HORIZON_DAYS } from './lib/digest';
export { DIGEST_HOUR, digestDueAt, digestKey, localDateIn, nextDigestAt, owedDigestDate } from './lib/digest-timing';
export { composeMessage, notificationKey, type ComposedMessage, type ComposeOptions } from './lib/compose';
export { checkInput, checkRecipient, NotificationInputError } from './lib/inputs';
export {
  listUnsubscribeHeaders,
  messageIdFor,
  signUnsubscribeToken,
  UNSUBSCRIBE_ACTIONS,
  unsubscribeUrl,
  verifyUnsubscribeToken,
  type SigningKey,
  type UnsubscribeAction,
  type UnsubscribeRequest,
} from './lib/headers';
export { catalogues, messagesFor, type Messages } from './lib/messages';
export { cycleUrl } from './lib/format';
export * from './recipients';
