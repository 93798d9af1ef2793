import path from 'node:path';
import type { CoreApiEnv } from '../env';
import { createLocalFileStorage } from './local-file-storage';
import { createS3FileStorage } from './s3-file-storage';

/** Where sealed (already encrypted) file bytes live. Keys are ours: `consultations/<id>/<file id>`. */
export interface FileStorage {
  readonly driver: 'local' | 's3';
  put(key: string, body: Buffer): Promise<void>;
  /** The stored bytes, or undefined when the object is missing. */
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
}

/** Any S3-compatible store when S3_ENDPOINT or S3_BUCKET is set, else DATA_DIR/files. */
export function createFileStorage(env: CoreApiEnv): FileStorage {
  if (env.S3_ENDPOINT || env.S3_BUCKET) {
    return createS3FileStorage({
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET ?? 'medlink-files',
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalFileStorage(path.join(env.DATA_DIR, 'files'));
}
