// @temporalio/proto is CommonJS whose named exports Node's ESM loader cannot see; take the
// namespace from the default export once, here.
import protoPackage from '@temporalio/proto';

export const temporalProto = protoPackage.temporal;
