import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The official FSE 2.0 conformance files (CDA XSD, schematrons) are not copied into this
 * repository: they are read from the shared conformance folder the Ministry publishes
 * (ministero-salute/it-fse-catalogs), located by FSE_CONFORMANCE_DIR or next to the
 * repository.
 */
export interface ConformanceFiles {
  dir: string;
  xsd: string;
  schematron: (file: string) => string;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export const defaultConformanceDirs = [
  path.resolve(repoRoot, '..', 'shared', 'conformance', 'fse'),
  '/work/shared/conformance/fse',
];

export class ConformanceFilesMissing extends Error {
  override name = 'ConformanceFilesMissing';
}

/** The folder holding schema/CDA.xsd and schematron/*.sch, or throws naming where it looked. */
export function locateConformanceFiles(configured?: string | null): ConformanceFiles {
  const candidates = configured ? [path.resolve(configured)] : defaultConformanceDirs;
  const dir = candidates.find((d) => existsSync(path.join(d, 'schema', 'CDA.xsd')));
  if (!dir) {
    throw new ConformanceFilesMissing(
      `FSE conformance files not found (schema/CDA.xsd) in ${candidates.join(', ')}; set FSE_CONFORMANCE_DIR`,
    );
  }
  return {
    dir,
    xsd: path.join(dir, 'schema', 'CDA.xsd'),
    schematron: (file) => path.join(dir, 'schematron', file),
  };
}
