const names = new Map<string, string>();
const MAX_STATEMENTS = 200;

/**
 * A prepared-statement name for this SQL text, the same for the same text for the life of the process.
 * Searches build their text from which filters are present, so there are few distinct texts; past
 * MAX_STATEMENTS (never expected) further texts run unprepared rather than pile up on every connection.
 */
export function statementNameOf(prefix: string, sql: string): string | undefined {
  let name = names.get(sql);
  if (!name && names.size < MAX_STATEMENTS) {
    name = `${prefix}_${names.size + 1}`;
    names.set(sql, name);
  }
  return name;
}
