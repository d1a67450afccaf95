// The models the CLI offers and their parameters. TEMPORARY: one model, written from the spec,
// until the client exports the generated catalog of every model; then this module reads that.

/** A JSON Schema, as much of it as the CLI reads. */
export interface ParameterSchema {
  type?: string;
  format?: string;
  enum?: readonly unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  description?: string;
  anyOf?: readonly ParameterSchema[];
  items?: ParameterSchema;
  properties?: readonly ModelParameter[];
}

export interface ModelParameter extends ParameterSchema {
  name: string;
  required: boolean;
}

export interface ModelInfo {
  id: string;
  vendor: string;
  kind: string;
  required: readonly string[];
  parameters: readonly ModelParameter[];
}

const range = { type: "number", minimum: -10, maximum: 10 };

const catalog: readonly ModelInfo[] = [
  {
    id: "kling-video/v1/standard/text-to-video",
    vendor: "Kling AI",
    kind: "text-to-video",
    required: ["prompt"],
    parameters: [
      { name: "prompt", required: true, type: "string", description: "What the video shows." },
      {
        name: "aspect_ratio",
        required: false,
        type: "string",
        enum: ["16:9", "9:16", "1:1"],
        default: "16:9",
        description: "The frame's aspect ratio.",
      },
      {
        name: "duration",
        required: false,
        type: "integer",
        enum: [5, 10],
        default: 5,
        description: "The length of the video in seconds.",
      },
      {
        name: "negative_prompt",
        required: false,
        type: "string",
        description: "What the video should not show.",
      },
      {
        name: "cfg_scale",
        required: false,
        type: "number",
        minimum: 0,
        maximum: 1,
        description: "How closely the video follows the prompt.",
      },
      {
        name: "camera_control",
        required: false,
        type: "string",
        enum: ["down_back", "forward_up", "right_turn_forward", "left_turn_forward"],
        description: "A preset camera movement.",
      },
      {
        name: "advanced_camera_control",
        required: false,
        type: "object",
        properties: [
          {
            name: "movement_type",
            required: false,
            type: "string",
            enum: ["horizontal", "vertical", "pan", "tilt", "roll", "zoom"],
          },
          { name: "movement_value", required: false, ...range },
        ],
        description: "A camera movement and its strength.",
      },
    ],
  },
];

export const listModels = (): readonly ModelInfo[] => catalog;

export const findModel = (id: string): ModelInfo | undefined => catalog.find((m) => m.id === id);

/** Up to three ids that look like `id`: sharing its longest parts first. */
export function closestModels(id: string): string[] {
  const words = id
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter(Boolean);
  return catalog
    .map((m) => ({ id: m.id, score: words.filter((w) => m.id.toLowerCase().includes(w)).length }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((m) => m.id);
}
