import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { Inventory } from '../inventory.js';

const text = (maxLength: number): ReturnType<typeof Type.String> => Type.String({ maxLength });
const strict = { additionalProperties: false } as const;

/** The wire form of `Inventory` (src/shared/inventory.ts). */
export const InventorySchema = Type.Object(
  {
    readAt: Type.Integer({ minimum: 0 }),
    hardwareId: Type.String({ minLength: 1, maxLength: 200 }),
    hardwareIdSource: Type.Union([Type.Literal('system-uuid'), Type.Literal('generated')]),
    hostname: Type.String({ minLength: 1, maxLength: 253 }),
    os: Type.Object(
      {
        platform: text(64),
        distro: text(200),
        release: text(200),
        arch: text(64),
        kernel: text(200),
      },
      strict,
    ),
    hardware: Type.Object(
      { vendor: text(200), model: text(200), serial: Type.Optional(text(200)) },
      strict,
    ),
    cpu: Type.Object(
      {
        model: text(200),
        physicalCores: Type.Integer({ minimum: 0, maximum: 4096 }),
        logicalCores: Type.Integer({ minimum: 0, maximum: 4096 }),
        baseSpeedGHz: Type.Optional(Type.Number({ minimum: 0 })),
      },
      strict,
    ),
    memoryTotalBytes: Type.Number({ minimum: 0 }),
    disks: Type.Array(
      Type.Object(
        {
          name: text(256),
          model: text(200),
          sizeBytes: Type.Number({ minimum: 0 }),
          type: text(64),
        },
        strict,
      ),
      { maxItems: 256 },
    ),
    networkInterfaces: Type.Array(
      Type.Object(
        {
          name: text(256),
          mac: text(64),
          ipv4: Type.Array(text(64), { maxItems: 64 }),
          ipv6: Type.Array(text(128), { maxItems: 64 }),
        },
        strict,
      ),
      { maxItems: 256 },
    ),
    agentVersion: text(64),
  },
  strict,
);

export type InventoryWire = Static<typeof InventorySchema>;
const sameShape = (inventory: Inventory): InventoryWire => inventory;
const sameShapeBack = (wire: InventoryWire): Inventory => wire;
void sameShape;
void sameShapeBack;
