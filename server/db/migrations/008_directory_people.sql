-- The hub's accounts as the directory names them (issue 14): a feature's "updated by" is an
-- account id, which workstations show as the login and its organisation. Members may not read
-- users (it holds password hashes): this view, run with its owner's rights, gives them only the
-- id, the login and the organisation of the accounts that are not disabled.
create view directory_people as select id, login, org_id from users where not disabled;
grant select on directory_people to cg_member;
