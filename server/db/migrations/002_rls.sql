-- Row-level security by organisation (issue 13).
--
-- Roles (cluster-wide, so created only when missing):
--   cg_member  NOLOGIN  the table grants every reader of the picture gets; RLS does the filtering.
--   cg_app     NOLOGIN  member of cg_member; the hub's login user switches to it per transaction
--                       (server/db/tx.ts) and names the acting organisation in `cg.org`.
--   cg_auth    NOLOGIN  reads users, reads and writes sessions: logins, outside any actor.
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

-- The same rule as three per-organisation sets, for the read policies: the policies call these
-- once per query (each in its own scalar subquery, an InitPlan), where calling
-- cg_release_refusal on every row costs ~90 µs a row (9 s for 100,000 features here).
--   steps 1–3: classification ∈ the levels at or below the org's clearance (none for an unknown org)
--   step 4:    releasable_to overlaps the org and the groups it belongs to
--   step 5:    caveats ⊆ the scheme's caveats that are unrestricted or restricted to the org's parties
-- tests/server/rls.test.ts checks both forms against shared/domain/marking.ts.
create function cg_org_levels(p_org text) returns text[]
language sql stable set search_path = public, pg_temp as $$
  select coalesce(array_agg(level.code), '{}')
  from organisations o
  join classification_levels clearance on clearance.code = o.clearance
  join classification_levels level on level.rank <= clearance.rank
  where o.id = p_org
$$;

create function cg_org_parties(p_org text) returns text[]
language sql stable set search_path = public, pg_temp as $$
  select case when p_org is null then '{}'::text[]
    else array[p_org] || coalesce((select array_agg(m.group_id) from party_members m where m.org_id = p_org), '{}') end
$$;

create function cg_org_caveats(p_org text) returns text[]
language sql stable set search_path = public, pg_temp as $$
  select coalesce(array_agg(d.code), '{}')
  from caveat_definitions d
  where p_org is not null and (d.restricted_to is null or d.restricted_to && cg_org_parties(p_org))
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

-- The read policy of every table whose rows carry a marking (classification, caveats,
-- originator, releasable_to): written once here, so a later migration adding such a table calls
-- `select cg_add_read_policy('that_table')` instead of copying the expression.
create function cg_add_read_policy(p_table regclass) returns void
language plpgsql set search_path = public, pg_temp as $$
begin
  execute format($policy$
    create policy %I on %s for select using (
      (originator <> '' and originator = (select public.cg_current_org()))
      or (array[classification] <@ (select public.cg_org_levels(public.cg_current_org()))
          and releasable_to && (select public.cg_org_parties(public.cg_current_org()))
          and caveats <@ (select public.cg_org_caveats(public.cg_current_org())))
    )$policy$, (select c.relname from pg_class c where c.oid = p_table) || '_read', p_table);
end
$$;
revoke all on function cg_add_read_policy(regclass) from public;

alter table layers enable row level security;
alter table layers force row level security;
alter table features enable row level security;
alter table features force row level security;
alter table changesets enable row level security;
alter table changesets force row level security;

select cg_add_read_policy('layers');
create policy layers_create on layers for insert
  with check (owner_org = cg_current_org());
create policy layers_change on layers for update
  using (owner_org = cg_current_org()) with check (owner_org = cg_current_org());

select cg_add_read_policy('features');
create policy features_create on features for insert
  with check (cg_may_write_layer(layer_id, cg_current_org()));
create policy features_change on features for update
  using (cg_may_write_layer(layer_id, cg_current_org())) with check (cg_may_write_layer(layer_id, cg_current_org()));

-- The layers subquery is itself filtered by layers_read.
create policy changesets_read on changesets for select
  using (exists (select 1 from layers l where l.id = changesets.layer_id));
-- The author is the acting user (null for an organisation role, which has no hub user): a
-- changeset's author cannot be borrowed.
create policy changesets_append on changesets for insert
  with check (cg_may_write_layer(layer_id, cg_current_org()) and author is not distinct from cg_current_user());

-- The originator always sees its data (rule step 0) and answers for its tombstones, so a writer
-- may not hand a row to another organisation, nor take it: only the administrator changes it.
create function cg_keep_originator() returns trigger
language plpgsql set search_path = public, pg_temp as $$
begin
  if not (select r.rolsuper from pg_roles r where r.rolname = current_user) then
    raise exception 'the originator of % % cannot be changed', tg_table_name, old.id using errcode = 'insufficient_privilege';
  end if;
  return new;
end
$$;
create trigger features_keep_originator before update of originator on features
  for each row when (old.originator is distinct from new.originator) execute function cg_keep_originator();
create trigger layers_keep_originator before update of originator on layers
  for each row when (old.originator is distinct from new.originator) execute function cg_keep_originator();

grant usage on schema public to cg_member, cg_auth;
grant select on classification_levels, organisations, parties, party_members, caveat_definitions, org_roles to cg_member;
-- No DELETE: a feature is withdrawn with its tombstone (`deleted`), which sync carries to every
-- workstation; a row removed outright would stay on theirs for ever. Layers go by the administrator.
grant select, insert, update on layers, features to cg_member;
grant select, insert on changesets to cg_member;
grant usage on sequence changesets_seq_seq to cg_member;
grant select on organisations to cg_auth;
-- Reading users is all a login needs; accounts are changed by the administrator.
grant select on users to cg_auth;
grant select, insert, update on sessions to cg_auth;

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

-- Brings the views in line with the layers and the directory, touching only what changed: a
-- view that stays is not dropped, so a QGIS session reading it neither blocks the hub's write
-- that triggered the refresh nor loses its layer.
create function cg_refresh_org_views() returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_org text;
  schema_name text;
  rel record;
  lyr record;
  grantee text;
begin
  perform pg_advisory_xact_lock(hashtext('cg_refresh_org_views'));
  for schema_name in
    select n.nspname from pg_namespace n
    where n.nspname like 'cg\_org\_%' and not exists (select 1 from organisations o where 'cg_org_' || o.id = n.nspname)
  loop
    execute format('drop schema %I cascade', schema_name);
  end loop;
  for v_org in select o.id from organisations o order by o.id loop
    schema_name := 'cg_org_' || v_org;
    execute format('create schema if not exists %I', schema_name);
    -- security_invoker: layers_read filters the names as the connecting role
    if to_regclass(format('%I.layer_names', schema_name)) is null then
      execute format(
        'create view %I.layer_names with (security_invoker = true) as '
        'select public.cg_layer_view_name(l.kind, l.id) as view_name, l.name, l.kind, l.id as layer_id from public.layers l',
        schema_name);
    end if;
    for rel in
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = schema_name and c.relkind = 'v' and c.relname <> 'layer_names'
        and c.relname not in (
          select cg_layer_view_name(l.kind, l.id) from layers l
          where cg_release_refusal(l.classification, l.caveats, l.originator, l.releasable_to, v_org) is null)
    loop
      execute format('drop view %I.%I', schema_name, rel.relname);
    end loop;
    for lyr in
      select l.id, cg_layer_view_name(l.kind, l.id) as view_name from layers l
      where cg_release_refusal(l.classification, l.caveats, l.originator, l.releasable_to, v_org) is null
        and to_regclass(format('%I.%I', schema_name, cg_layer_view_name(l.kind, l.id))) is null
    loop
      execute format(
        'create view %I.%I with (security_invoker = true) as '
        'select f.id, f.geom, f.props, f.version, f.classification, f.caveats, f.originator, f.releasable_to, f.updated_at '
        'from public.features f where f.layer_id = %L and not f.deleted',
        schema_name, lyr.view_name, lyr.id);
    end loop;
    for grantee in select r.role_name from org_roles r where r.org_id = v_org loop
      execute format('grant usage on schema %I to %I', schema_name, grantee);
      for rel in
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = schema_name and c.relkind = 'v' and not has_table_privilege(grantee, c.oid, 'select')
      loop
        execute format('grant select on %I.%I to %I', schema_name, rel.relname, grantee);
      end loop;
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
