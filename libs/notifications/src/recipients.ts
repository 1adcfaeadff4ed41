// The recipient rule alone, for the API (assignments): importing it does not load the e-mail
// templates (React Email) that the rest of the library brings.
export {
  ASSIGNMENTS,
  qualifiesFor,
  resolveRecipients,
  ROLE_OF_ASSIGNMENT,
  type Assignment,
  type CountryAssignment,
  type DirectoryPerson,
  type RecipientSource,
  type Recipients,
} from './lib/recipients';
