// The layouts the console recognises without being told, in the order a key is tried against them.
import type { LayoutDescriptor } from '../types';
import { consoleLayout } from './console';
import { corednsLayout } from './coredns';
import { dubboLayout } from './dubbo';
import { goMicroLayout } from './go-micro';
import { goZeroLayout } from './go-zero';
import { grpcNamingLayout } from './grpc-naming';
import { kratosLayout } from './kratos';
import { rpcxLayout } from './rpcx';

export const BUILT_IN_LAYOUTS: readonly LayoutDescriptor[] = [
  consoleLayout,
  grpcNamingLayout,
  goZeroLayout,
  kratosLayout,
  goMicroLayout,
  rpcxLayout,
  dubboLayout,
  corednsLayout,
];

export const BUILT_IN_IDS = BUILT_IN_LAYOUTS.map((l) => l.id);

export function builtInLayout(id: string): LayoutDescriptor | undefined {
  return BUILT_IN_LAYOUTS.find((l) => l.id === id);
}
