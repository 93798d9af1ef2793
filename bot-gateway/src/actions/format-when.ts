const formatters = new Map<string, Intl.DateTimeFormat>();

/** "mar. 1 déc. 09:00" / "Tue 1 Dec 09:00": short enough for a USSD option, in the place's time zone. */
export function formatWhen(at: Date, lang: string, timeZone: string): string {
  const key = `${lang}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(at).replace(',', '').replace(' à ', ' ');
}
