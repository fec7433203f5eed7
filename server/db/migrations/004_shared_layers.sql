-- Layers shared from a workstation (issue 13, the hub's POST /layers and PATCH /layers/:id).
--
-- A layer now carries the workstation's style, so that every organisation draws it alike.
-- The insert policy of 002 checked the owner only: an organisation could still name another as
-- the originator, whom the release rule then shows the layer. A layer is created by its owner as
-- its originator; the hub's route and an organisation's own SQL login meet the same rule.
-- Snapshot pages walk a layer by feature id: (layer_id, id) serves them in order from the index
-- instead of sorting the whole layer for every page.

alter table layers add column style jsonb not null default '{}';

drop policy layers_create on layers;
create policy layers_create on layers for insert
  with check (owner_org = cg_current_org() and originator = cg_current_org());

create index features_layer_id_idx on features (layer_id, id);
drop index features_layer_idx;
