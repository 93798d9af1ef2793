import { execFileSync } from 'node:child_process';

/**
 * Every YAML document of a file, as plain JSON values. No YAML parser is a declared dependency, so this
 * asks python3's PyYAML (on every CI machine here), which also resolves anchors and `<<` merge keys.
 */
export function readYamlDocuments(file: string): unknown[] {
  const script =
    'import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]))';
  const output = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
  const parsed: unknown = JSON.parse(output);
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a list of YAML documents`);
  return parsed;
}

export function readYaml(file: string): unknown {
  const [first, ...rest] = readYamlDocuments(file);
  if (rest.length > 0) throw new Error(`${file}: expected one YAML document, found ${rest.length + 1}`);
  return first;
}
