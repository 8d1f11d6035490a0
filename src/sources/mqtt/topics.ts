// Topic filters with named levels, and the column a message's topic maps to.
//
// A subscription's `topic` is an MQTT filter in which a wildcard may carry a name: `plant/+pump/+sensor`
// subscribes to `plant/+/+` and names its second level `pump` and its third `sensor`. A `column`
// template then builds the column name from the topic of each message:
//   "{3}"            the third level               plant/pump1/sensor_04 → sensor_04
//   "{-1}"           the last level (the default)  plant/pump1/sensor_04 → sensor_04
//   "{pump}_{sensor}" named levels                  plant/pump1/sensor_04 → pump1_sensor_04
//   "flow"           plain text: every message of the subscription is that column

export interface TopicFilter {
  /** The filter as sent to the broker (names removed). */
  filter: string;
  /** Does a message's topic match this filter? */
  matches(topicLevels: readonly string[]): boolean;
  /** The column of a message on this topic, or undefined when the topic lacks a level the template names. */
  columnOf(topicLevels: readonly string[]): string | undefined;
  /** Why the filter or the template is not valid. */
  problem?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

export function parseTopicFilter(topic: string, column = '{-1}'): TopicFilter {
  const levels = topic.split('/');
  const names = new Map<string, { index: number; rest: boolean }>();
  const plain: string[] = [];
  let problem: string | undefined;
  levels.forEach((level, index) => {
    const wildcard = level[0] === '+' || level[0] === '#' ? level[0] : undefined;
    if (wildcard === '#' && index !== levels.length - 1) problem ??= '# may only be the last level of a topic filter';
    if (wildcard) {
      const name = level.slice(1);
      if (name !== '') {
        if (!NAME.test(name)) problem ??= `level name ${JSON.stringify(name)} must be letters, digits and _`;
        else if (names.has(name)) problem ??= `level name ${name} is used twice`;
        names.set(name, { index, rest: wildcard === '#' });
      }
      plain.push(wildcard);
    } else {
      if (/[+#]/.test(level)) problem ??= `+ and # must be a whole level (in ${JSON.stringify(level)})`;
      plain.push(level);
    }
  });
  for (const [, key] of column.matchAll(PLACEHOLDER)) {
    if (/^-?[1-9]\d*$/.test(key!)) continue;
    if (!names.has(key!)) problem ??= `column template names {${key}}, which is not a level number or a named level of ${topic}`;
  }

  const wildcards = plain.map((level) => (level === '+' ? 1 : level === '#' ? 2 : 0));
  return {
    filter: plain.join('/'),
    problem,
    matches(topicLevels) {
      for (let i = 0; i < plain.length; i++) {
        if (wildcards[i] === 2) return true; // the levels before matched; # matches the rest, even none (a/# matches a)
        if (i >= topicLevels.length) return false;
        if (wildcards[i] === 0 && plain[i] !== topicLevels[i]) return false;
      }
      return plain.length === topicLevels.length;
    },
    columnOf(topicLevels) {
      let missing = false;
      const name = column.replace(PLACEHOLDER, (_, key: string) => {
        const named = names.get(key);
        let value: string | undefined;
        if (named) value = named.rest ? topicLevels.slice(named.index).join('/') : topicLevels[named.index];
        else {
          const n = Number(key);
          value = topicLevels[n > 0 ? n - 1 : topicLevels.length + n];
        }
        if (value === undefined || value === '') missing = true;
        return value ?? '';
      });
      return missing ? undefined : name;
    },
  };
}
