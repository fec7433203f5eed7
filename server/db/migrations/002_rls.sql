-- Row-level security by organisation (issue 13).
--
-- Roles (cluster-wide, so created only when missing):
--   cg_member  NOLOGIN  the table grants every reader of the picture gets; RLS does the filtering.
--   cg_app     NOLOGIN  member of cg_member; the hub's login user switches to it per transaction
--                       (server/db/tx.ts) and names the acting organisation in `cg.org`.
--   cg_auth    NOLOGIN  users and sessions, for the hub's login user outside any actor.
--   cg_org_<id> LOGIN   one per organisation, made by the admin CLI (`role create`), member of
--                       cg_member only; mapped to its organisation in org_roles. QGIS and GDAL
--                       connect as it and see what the hub shows that organisation.
-- cg.org is trusted only from cg_app: any other role may set it, and it is ignored.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'cg_member') then create role cg_member nologin; end if;
  if not exists (select 1 from pg_roles where rolname = 'cg_app') then create role cg_app nologin; end if;
  if not exists (select 1 from pg_roles where rolname = 'cg_auth') then create role cg_auth nologin; end if;
end $$;
grant cg_member to cg_app;

create table org_roles (
  role_name text primary key,
  org_id text not null references organisations(id) on delete cascade
);

-- A caveat of the marking scheme; restricted_to null means the caveat restricts nobody.
create table caveat_definitions (
  code text primary key,
  restricted_to text[]
);

-- Every function below pins its search_path: a login may create temporary tables, and an
-- unpinned `organisations` would resolve to one of them first.

create function cg_current_org() returns text
language sql stable set search_path = public, pg_temp as $$
  select case
    when current_user = 'cg_app' then nullif(current_setting('cg.org', true), '')
    else (select r.org_id from org_roles r where r.role_name = current_user)
  end
$$;

create function cg_current_user() returns uuid
language sql stable set search_path = public, pg_temp as $$
  select case when current_user = 'cg_app' then nullif(current_setting('cg.user', true), '')::uuid end
$$;

-- expand(parties) ∋ org, as in shared/domain/sharing-directory.ts: an organisation id is itself,
-- a group id its members (one level).
create function cg_in_parties(p_org text, p_parties text[]) returns boolean
language sql stable set search_path = public, pg_temp as $$
  select p_org = any(p_parties)
      or exists (select 1 from party_members m where m.org_id = p_org and m.group_id = any(p_parties))
$$;

-- THE RELEASE RULE of shared/domain/marking.ts (its header), check for check and in the same
-- order: null when released, otherwise the code of the first check that fails.
create function cg_release_refusal(p_classification text, p_caveats text[], p_originator text, p_releasable_to text[], p_org text)
returns text
language sql stable set search_path = public, pg_temp as $$
  select case
    when p_originator <> '' and p_org = p_originator then null
    when p_org is null or not exists (select 1 from organisations o where o.id = p_org) then 'unknown-recipient'
    when not exists (select 1 from classification_levels l where l.code = p_classification) then 'unknown-classification'
    -- a clearance that is not a level matches no row here, so it ranks below every level
    when not exists (
      select 1 from organisations o
      join classification_levels clearance on clearance.code = o.clearance
      join classification_levels level on level.code = p_classification
      where o.id = p_org and level.rank <= clearance.rank
    ) then 'above-clearance'
    when not cg_in_parties(p_org, p_releasable_to) then 'not-releasable'
    else (
      select case when d.code is null then 'unknown-caveat' else 'caveat-restricted' end
      from unnest(p_caveats) as c(code)
      left join caveat_definitions d on d.code = c.code
      where d.code is null or (d.restricted_to is not null and not cg_in_parties(p_org, d.restricted_to))
      order by c.code collate "C"
      limit 1
    )
  end
$$;

-- Runs as the migration's owner so that a contributor's write does not depend on whether it
-- may read the layer row; the organisation is passed in because inside a SECURITY DEFINER
-- function current_user is the owner, not the caller.
create function cg_may_write_layer(p_layer uuid, p_org text) returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (
    select 1 from layers l
    where l.id = p_layer and p_org is not null and (l.owner_org = p_org or p_org = any(l.contributors))
  )
$$;
revoke all on function cg_may_write_layer(uuid, text) from public;
grant execute on function cg_may_write_layer(uuid, text) to cg_member;

alter table layers enable row level security;
alter table layers force row level security;
alter table features enable row level security;
alter table features force row level security;
alter table changesets enable row level security;
alter table changesets force row level security;

create policy layers_read on layers for select
  using (cg_release_refusal(classification, caveats, originator, releasable_to, cg_current_org()) is null);
create policy layers_create on layers for insert
  with check (owner_org = cg_current_org());
create policy layers_change on layers for update
  using (owner_org = cg_current_org()) with check (owner_org = cg_current_org());
create policy layers_remove on layers for delete
  using (owner_org = cg_current_org());

create policy features_read on features for select
  using (cg_release_refusal(classification, caveats, originator, releasable_to, cg_current_org()) is null);
create policy features_create on features for insert
  with check (cg_may_write_layer(layer_id, cg_current_org()));
create policy features_change on features for update
  using (cg_may_write_layer(layer_id, cg_current_org())) with check (cg_may_write_layer(layer_id, cg_current_org()));
create policy features_remove on features for delete
  using (cg_may_write_layer(layer_id, cg_current_org()));

-- The layers subquery is itself filtered by layers_read.
create policy changesets_read on changesets for select
  using (exists (select 1 from layers l where l.id = changesets.layer_id));
create policy changesets_append on changesets for insert
  with check (cg_may_write_layer(layer_id, cg_current_org()));

grant usage on schema public to cg_member, cg_auth;
grant select on classification_levels, organisations, parties, party_members, caveat_definitions, org_roles to cg_member;
grant select, insert, update, delete on layers, features to cg_member;
grant select, insert on changesets to cg_member;
grant usage on sequence changesets_seq_seq to cg_member;
grant select on organisations to cg_auth;
grant select, insert, update on users, sessions to cg_auth;

-- QGIS and GDAL: one view per layer an organisation may read, in a schema named after the
-- organisation's role (cg_org_<id>, first on its default search_path "$user"), readable by
-- that role only. The views are security_invoker, so the features in them still pass RLS as
-- the connecting role. View names are the layer's kind and its id, not its name:
-- every login can read the catalogue, and a layer's name may itself be sensitive; the view
-- `layer_names` in the same schema gives the names of the layers that organisation may read.
create function cg_layer_view_name(p_kind text, p_layer uuid) returns text
language sql immutable as $$
  select lower(regexp_replace(p_kind, '[^A-Za-z0-9]+', '_', 'g')) || '_' || replace(p_layer::text, '-', '')
$$;

create function cg_refresh_org_views() returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  org record;
  lyr record;
  schema_name text;
  view_name text;
begin
  perform pg_advisory_xact_lock(hashtext('cg_refresh_org_views'));
  for schema_name in select nspname from pg_namespace where nspname like 'cg\_org\_%' loop
    execute format('drop schema %I cascade', schema_name);
  end loop;
  for org in select o.id from organisations o order by o.id loop
    schema_name := 'cg_org_' || org.id;
    execute format('create schema %I', schema_name);
    execute format(
      'create view %I.layer_names with (security_invoker = true) as '
      'select public.cg_layer_view_name(l.kind, l.id) as view_name, l.name, l.kind, l.id as layer_id '
      'from public.layers l where public.cg_release_refusal(l.classification, l.caveats, l.originator, l.releasable_to, %L) is null',
      schema_name, org.id);
    for lyr in
      select l.id, l.kind from layers l
      where cg_release_refusal(l.classification, l.caveats, l.originator, l.releasable_to, org.id) is null
      order by l.id
    loop
      view_name := cg_layer_view_name(lyr.kind, lyr.id);
      execute format(
        'create view %I.%I with (security_invoker = true) as '
        'select f.id, f.geom, f.props, f.version, f.classification, f.caveats, f.originator, f.releasable_to, f.updated_at '
        'from public.features f where f.layer_id = %L and not f.deleted',
        schema_name, view_name, lyr.id);
    end loop;
    for view_name in select r.role_name from org_roles r where r.org_id = org.id loop
      execute format('grant usage on schema %I to %I', schema_name, view_name);
      execute format('grant select on all tables in schema %I to %I', schema_name, view_name);
    end loop;
  end loop;
end
$$;
revoke all on function cg_refresh_org_views() from public;

create function cg_refresh_org_views_trigger() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform cg_refresh_org_views();
  return null;
end
$$;
revoke all on function cg_refresh_org_views_trigger() from public;

create trigger layers_views after insert or delete or update of kind, classification, caveats, originator, releasable_to
  on layers for each statement execute function cg_refresh_org_views_trigger();
create trigger organisations_views after insert or delete or update on organisations
  for each statement execute function cg_refresh_org_views_trigger();
create trigger party_members_views after insert or delete or update on party_members
  for each statement execute function cg_refresh_org_views_trigger();
create trigger caveat_definitions_views after insert or delete or update on caveat_definitions
  for each statement execute function cg_refresh_org_views_trigger();
create trigger classification_levels_views after insert or delete or update on classification_levels
  for each statement execute function cg_refresh_org_views_trigger();
create trigger org_roles_views after insert or delete or update on org_roles
  for each statement execute function cg_refresh_org_views_trigger();

select cg_refresh_org_views();
