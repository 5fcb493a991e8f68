/**
 * Fills `{name}` placeholders of knowledge texts. The UI uses its own locale-aware version
 * (ui/i18n); this one serves the CLI and JSON output, which are English and unformatted.
 */
export type TemplateParams = Readonly<Record<string, string | number>>;

export function fillTemplate(text: string, params: TemplateParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
