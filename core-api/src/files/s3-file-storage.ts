import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { FileStorage } from './file-storage';

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * Any S3-compatible store. Path-style addressing and checksums only when required keep MinIO, s3rver
 * and other local servers working; the bucket is created on first use when it does not exist.
 */
export function createS3FileStorage(settings: S3Settings): FileStorage {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  });
  let bucketReady: Promise<void> | undefined;
  const ensureBucket = () => {
    bucketReady ??= client
      .send(new HeadBucketCommand({ Bucket: settings.bucket }))
      .then(
        () => undefined,
        async () => {
          await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
        },
      )
      .catch((error: unknown) => {
        bucketReady = undefined;
        throw error;
      });
    return bucketReady;
  };
  return {
    driver: 's3',
    async put(key, body) {
      await ensureBucket();
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/octet-stream',
        }),
      );
    },
    async get(key) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
        if (!result.Body) return undefined;
        return Buffer.from(await result.Body.transformToByteArray());
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key }));
    },
  };
}
