/** Property maps → the Struct the engine sends: unknown and secret signatures, plan markers, absent keys. */
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { secret, serializePropertyMap, toStruct, UNKNOWN, type PropertyMap } from "../../../tools/analyzer";

describe("property serialization", () => {
  it("writes unknowns as the runtime's unknown sentinel and secrets in the secret signature", () => {
    const inputs: PropertyMap = {
      arn: UNKNOWN,
      password: secret("hunter2"),
      nested: { list: [1, UNKNOWN, secret(UNKNOWN)] },
    };
    expect(serializePropertyMap(inputs)).toEqual({
      arn: unknownValue,
      password: { [specialSigKey]: specialSecretSig, value: "hunter2" },
      nested: { list: [1, unknownValue, { [specialSigKey]: specialSecretSig, value: unknownValue }] },
    });
  });

  it("reads the plan file's [unknown] and [secret] markers unless told not to", () => {
    const inputs: PropertyMap = { id: "[unknown]", token: "[secret]" };
    expect(serializePropertyMap(inputs)).toEqual({
      id: unknownValue,
      token: { [specialSigKey]: specialSecretSig, value: "[secret]" },
    });
    expect(serializePropertyMap(inputs, { planMarkers: false })).toEqual(inputs);
  });

  it("leaves out undefined properties and turns undefined list items into null, as the engine does", () => {
    expect(serializePropertyMap({ a: undefined, b: [undefined, "x"], c: null })).toEqual({ b: [null, "x"], c: null });
  });

  it("round-trips through a protobuf Struct", () => {
    const struct = toStruct({
      name: "use1-a-orders",
      size: 3,
      flags: [true, false],
      tags: { "cellplane:cell": "use1-a" },
      key: UNKNOWN,
    });
    expect(struct.toJavaScript()).toEqual({
      name: "use1-a-orders",
      size: 3,
      flags: [true, false],
      tags: { "cellplane:cell": "use1-a" },
      key: unknownValue,
    });
  });
});
