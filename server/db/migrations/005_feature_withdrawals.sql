-- Features withdrawn from an organisation (issue 14, "not seeing what one may not see"): when a
-- push re-marks a feature so that an organisation which could read it no longer may, the log
-- gets one row per such organisation, naming only the feature. Its pull hands it the feature
-- id so its workstation removes its copy; the feature's new content stays behind the release
-- rule like any other row. Content-free on purpose: the row says that something is gone, never
-- what it now is or who may see it.

create table changeset_withdrawals (
  seq bigint not null references changesets(seq),
  feature_id uuid not null,
  layer_id uuid not null references layers(id),
  org_id text not null references organisations(id),
  primary key (seq, feature_id, org_id)
);

alter table changeset_withdrawals enable row level security;
alter table changeset_withdrawals force row level security;

create policy changeset_withdrawals_read on changeset_withdrawals for select using (org_id = (select cg_current_org()));
create policy changeset_withdrawals_append on changeset_withdrawals for insert
  with check (cg_may_write_layer(layer_id, cg_current_org()));

grant select, insert on changeset_withdrawals to cg_member;
