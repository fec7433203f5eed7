-- The release rule's per-organisation helpers of 002 as PL/pgSQL, same bodies, same answers.
--
-- A LANGUAGE sql function with a SET clause is never inlined, and PostgreSQL parses and plans
-- its body again at every call; the read policies call cg_org_levels, cg_org_parties and
-- cg_org_caveats (and cg_current_org) once per query and table, so every request paid that
-- planning several times over (0.1–0.4 ms a call here, most of a small pull's database time).
-- PL/pgSQL keeps the plan of each statement for the life of the connection, and the hub's
-- connections are pooled. CREATE OR REPLACE keeps each function's oid, so the policies that call
-- them stay as they are. tests/server/rls.test.ts checks the rule against shared/domain/marking.ts.

create or replace function cg_current_org() returns text
language plpgsql stable set search_path = public, pg_temp as $$
begin
  return (select case
    when current_user = 'cg_app' then nullif(current_setting('cg.org', true), '')
    else (select r.org_id from org_roles r where r.role_name = current_user)
  end);
end
$$;

create or replace function cg_org_levels(p_org text) returns text[]
language plpgsql stable set search_path = public, pg_temp as $$
begin
  return (select coalesce(array_agg(level.code), '{}')
    from organisations o
    join classification_levels clearance on clearance.code = o.clearance
    join classification_levels level on level.rank <= clearance.rank
    where o.id = p_org);
end
$$;

create or replace function cg_org_parties(p_org text) returns text[]
language plpgsql stable set search_path = public, pg_temp as $$
begin
  return (select case when p_org is null then '{}'::text[]
    else array[p_org] || coalesce((select array_agg(m.group_id) from party_members m where m.org_id = p_org), '{}') end);
end
$$;

create or replace function cg_org_caveats(p_org text) returns text[]
language plpgsql stable set search_path = public, pg_temp as $$
begin
  return (select coalesce(array_agg(d.code), '{}')
    from caveat_definitions d
    where p_org is not null and (d.restricted_to is null or d.restricted_to && cg_org_parties(p_org)));
end
$$;
