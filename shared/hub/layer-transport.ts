/**
 * Sharing a workstation's layer on the hub, beside the sync transport (HubTransport, which it
 * leaves alone): create it once with the workstation's layer id, then let its owner change its
 * marking, contributors, name or style. Network, server and authentication failures are thrown
 * as HubTransportError, as by the sync transport; a refusal the hub will repeat comes back as
 * `refused` with its catalogue code (`hub.layer-id-taken`, `hub.layer-not-owner`, …).
 */
import type { CreateLayerRequest, HubLayer, UpdateLayerRequest } from './protocol';

export type LayerOutcome =
  | { kind: 'shared'; layer: HubLayer; created: boolean }
  | { kind: 'refused'; code: string; params: Record<string, string | number> };

export interface HubLayerTransport {
  createLayer(request: CreateLayerRequest): Promise<LayerOutcome>;
  updateLayer(layerId: string, patch: UpdateLayerRequest): Promise<LayerOutcome>;
}
