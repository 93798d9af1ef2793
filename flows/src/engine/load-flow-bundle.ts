import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { flowDefinitionSchema, flowSettingsSchema, messageCatalogSchema } from './definition.schemas';
import type { FlowBundle, FlowDefinition, MessageCatalog } from './definition.schemas';

/** The definitions folder as read from disk, nothing parsed yet: what the validator reports on. */
export interface RawDefinitions {
  flows: { file: string; data: unknown }[];
  messages: { lang: string; file: string; data: unknown }[];
  settings: { file: string; data: unknown };
}

export interface DefinitionIssue {
  file: string;
  path: string;
  message: string;
}

export const DEFAULT_DEFINITIONS_DIR = path.resolve(__dirname, '../../definitions');

export function readDefinitionFiles(dir: string = DEFAULT_DEFINITIONS_DIR): RawDefinitions {
  const readJson = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return { unreadable: error instanceof Error ? error.message : String(error) };
    }
  };
  const jsonFiles = (folder: string) =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort();
  return {
    flows: jsonFiles(dir)
      .filter((name) => name !== 'settings.json')
      .map((name) => ({ file: name, data: readJson(path.join(dir, name)) })),
    messages: jsonFiles(path.join(dir, 'messages')).map((name) => ({
      lang: path.basename(name, '.json'),
      file: `messages/${name}`,
      data: readJson(path.join(dir, 'messages', name)),
    })),
    settings: { file: 'settings.json', data: readJson(path.join(dir, 'settings.json')) },
  };
}

/** Schema-level parse of every file; issues name the file and the JSON path. */
export function parseDefinitions(raw: RawDefinitions): { bundle: FlowBundle | undefined; issues: DefinitionIssue[] } {
  const issues: DefinitionIssue[] = [];
  const collect = <T>(file: string, schema: z.ZodType<T>, data: unknown): T | undefined => {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      issues.push({ file, path: issue.path.join('.') || '(root)', message: issue.message });
    return undefined;
  };
  const flows = new Map<string, FlowDefinition>();
  for (const { file, data } of raw.flows) {
    const flow = collect(file, flowDefinitionSchema, data);
    if (!flow) continue;
    if (`${flow.id}.json` !== file)
      issues.push({ file, path: 'id', message: `flow id "${flow.id}" must match its file name` });
    flows.set(flow.id, flow);
  }
  const messages: Record<string, MessageCatalog> = {};
  for (const { lang, file, data } of raw.messages) {
    const catalog = collect(file, messageCatalogSchema, data);
    if (catalog) messages[lang] = catalog;
  }
  const settings = collect(raw.settings.file, flowSettingsSchema, raw.settings.data);
  return { bundle: settings && issues.length === 0 ? { flows, messages, settings } : undefined, issues };
}

/** For the gateway at start-up: the shipped definitions, or an error listing every schema problem. */
export function loadFlowBundle(dir: string = DEFAULT_DEFINITIONS_DIR): FlowBundle {
  const { bundle, issues } = parseDefinitions(readDefinitionFiles(dir));
  if (!bundle)
    throw new Error(
      `invalid flow definitions:\n${issues.map((issue) => `  ${issue.file} ${issue.path}: ${issue.message}`).join('\n')}`,
    );
  return bundle;
}
