/** A failure of a source whose message is safe to show to viewers and to put in logs. */
export class SourceError extends Error {
  override name = 'SourceError';
}
