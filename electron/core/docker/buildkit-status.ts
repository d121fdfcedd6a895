/**
 * BuildKit's build status schema, for decoding the `moby.buildkit.trace` aux messages of
 * `POST /build?version=2`: each is a base64 `moby.buildkit.v1.StatusResponse`. The definitions
 * are the subset Whittle reads, with BuildKit's field numbers, from
 * moby/buildkit api/services/control/control.proto (StatusResponse, Vertex, VertexStatus,
 * VertexLog) and google/protobuf/timestamp.proto. Kept as text in the bundle, not as a .proto
 * file read at run time, so a bundled Electron main process needs no file beside it. Fields
 * left out (warnings, progressGroup, …) are skipped by the decoder as unknown fields.
 */
import protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
package moby.buildkit.v1;

message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}

message StatusResponse {
  repeated Vertex vertexes = 1;
  repeated VertexStatus statuses = 2;
  repeated VertexLog logs = 3;
}

message Vertex {
  string digest = 1;
  repeated string inputs = 2;
  string name = 3;
  bool cached = 4;
  Timestamp started = 5;
  Timestamp completed = 6;
  string error = 7;
}

message VertexStatus {
  string ID = 1;
  string vertex = 2;
  string name = 3;
  int64 current = 4;
  int64 total = 5;
  Timestamp timestamp = 6;
  Timestamp started = 7;
  Timestamp completed = 8;
}

message VertexLog {
  string vertex = 1;
  Timestamp timestamp = 2;
  int64 stream = 3;
  bytes msg = 4;
}
`;

let type: protobuf.Type | null = null;

/** The StatusResponse message type (parsed once). */
export function statusResponseType(): protobuf.Type {
  type ??= protobuf.parse(SCHEMA, { keepCase: true }).root.lookupType('moby.buildkit.v1.StatusResponse');
  return type;
}
