-- The hub's change log (issue 13): what each changeset wrote, feature by feature, as written.
--
-- changesets (001) keeps one row per changeset: its id (the idempotency key), its seq and the
-- ids it touched. The features themselves go to changeset_features with their marking, so a pull
-- is filtered by the same release rule as the features table: a reader of a shared layer gets the
-- changesets of that layer, but only the feature rows released to its organisation.

alter table changesets add column label text not null default '';
alter table changesets add column authored_at timestamptz;

create table changeset_features (
  seq bigint not null references changesets(seq),
  feature_id uuid not null,
  layer_id uuid not null references layers(id),
  geom geometry(Geometry, 4326) not null,
  props jsonb not null,
  version int not null,
  classification text not null references classification_levels(code),
  caveats text[] not null default '{}',
  originator text not null references organisations(id),
  releasable_to text[] not null default '{}',
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  deleted boolean not null,
  primary key (seq, feature_id)
);

alter table changeset_features enable row level security;
alter table changeset_features force row level security;

-- The features_read policy of 002, word for word: the release rule on the row's own marking.
create policy changeset_features_read on changeset_features for select using (
  (originator <> '' and originator = (select cg_current_org()))
  or (array[classification] <@ (select cg_org_levels(cg_current_org()))
      and releasable_to && (select cg_org_parties(cg_current_org()))
      and caveats <@ (select cg_org_caveats(cg_current_org())))
);
create policy changeset_features_append on changeset_features for insert
  with check (cg_may_write_layer(layer_id, cg_current_org()));

grant select, insert on changeset_features to cg_member;
