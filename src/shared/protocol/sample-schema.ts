import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { Sample } from '../sample.js';

/**
 * The wire form of `Sample` (src/shared/sample.ts). Strict: unknown fields are refused, so a
 * field added later comes with a protocol version and is marked with it here.
 * Bounds are generous for real machines and tight enough that one sample stays small.
 */
const percent = Type.Number({ minimum: 0, maximum: 100 });
const bytes = Type.Number({ minimum: 0 });
const rate = Type.Number({ minimum: 0 });
const label = (maxLength: number): ReturnType<typeof Type.String> => Type.String({ maxLength });
const strict = { additionalProperties: false } as const;

export const CpuStatsSchema = Type.Object(
  {
    usagePercent: percent,
    perCorePercent: Type.Array(percent, { maxItems: 1024 }),
    loadAverage: Type.Optional(
      Type.Tuple([
        Type.Number({ minimum: 0 }),
        Type.Number({ minimum: 0 }),
        Type.Number({ minimum: 0 }),
      ]),
    ),
    speedGHz: Type.Optional(Type.Number({ minimum: 0 })),
  },
  strict,
);

export const MemoryStatsSchema = Type.Object(
  {
    totalBytes: bytes,
    usedBytes: bytes,
    availableBytes: bytes,
    usedPercent: percent,
    swapTotalBytes: bytes,
    swapUsedBytes: bytes,
  },
  strict,
);

export const VolumeStatsSchema = Type.Object(
  {
    mount: label(1024),
    device: label(1024),
    fsType: label(64),
    totalBytes: bytes,
    usedBytes: bytes,
    usedPercent: percent,
  },
  strict,
);

export const DiskStatsSchema = Type.Object(
  {
    volumes: Type.Array(VolumeStatsSchema, { maxItems: 256 }),
    readBytesPerSec: Type.Optional(rate),
    writeBytesPerSec: Type.Optional(rate),
  },
  strict,
);

export const NetworkStatsSchema = Type.Object(
  {
    interfaces: Type.Array(
      Type.Object({ name: label(256), rxBytesPerSec: rate, txBytesPerSec: rate }, strict),
      { maxItems: 256 },
    ),
    rxBytesPerSec: rate,
    txBytesPerSec: rate,
  },
  strict,
);

export const SampleSchema = Type.Object(
  {
    ts: Type.Integer({ minimum: 0 }),
    cpu: Type.Optional(CpuStatsSchema),
    memory: Type.Optional(MemoryStatsSchema),
    disks: Type.Optional(DiskStatsSchema),
    network: Type.Optional(NetworkStatsSchema),
    system: Type.Optional(
      Type.Object(
        {
          uptimeSeconds: Type.Number({ minimum: 0 }),
          bootTime: Type.Integer({ minimum: 0 }),
          loggedInUsers: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        strict,
      ),
    ),
    battery: Type.Optional(
      Type.Object(
        {
          percent,
          isCharging: Type.Boolean(),
          cycleCount: Type.Optional(Type.Integer({ minimum: 0 })),
          wearPercent: Type.Optional(Type.Number({ minimum: -100, maximum: 100 })),
        },
        strict,
      ),
    ),
    temperature: Type.Optional(
      Type.Object({ cpuCelsius: Type.Number({ minimum: -100, maximum: 200 }) }, strict),
    ),
  },
  strict,
);

/** Compile-time proof that the schema and the interface describe the same thing. */
export type SampleWire = Static<typeof SampleSchema>;
const sameShape = (sample: Sample): SampleWire => sample;
const sameShapeBack = (wire: SampleWire): Sample => wire;
void sameShape;
void sameShapeBack;
