-- A push's write statement and its commit go to PostgreSQL as one message (hub/push.ts), so the
-- hub can no longer look at how many rows the statement updated before deciding to commit.
-- Row-level security filters an UPDATE it does not allow instead of raising; this check, called
-- by the statement itself, raises instead, with the code RLS uses when it refuses an insert
-- (insufficient_privilege, which the hub answers as layer-read-only), so nothing is committed.
create function cg_check_all_updated(p_updated bigint, p_expected bigint) returns boolean
language plpgsql volatile set search_path = public, pg_temp as $$
begin
  if p_updated <> p_expected then
    raise exception 'row-level security filtered % of % updated features', p_expected - p_updated, p_expected
      using errcode = 'insufficient_privilege';
  end if;
  return true;
end
$$;
