create extension if not exists postgis;

create table classification_levels (
  code text primary key,
  rank int not null unique
);

create table organisations (
  id text primary key check (id ~ '^[a-z][a-z0-9_]{0,30}$'),
  name text not null,
  clearance text not null references classification_levels(code)
);

create table parties (
  id text primary key,
  name text not null
);

create table party_members (
  group_id text not null references parties(id) on delete cascade,
  org_id text not null references organisations(id) on delete cascade,
  primary key (group_id, org_id)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  org_id text not null references organisations(id),
  login text not null unique,
  password_hash text not null,
  disabled boolean not null default false
);

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users(id),
  expires_at timestamptz not null,
  revoked_at timestamptz
);

create table layers (
  id uuid primary key,
  name text not null,
  kind text not null,
  owner_org text not null references organisations(id),
  contributors text[] not null default '{}',
  classification text not null references classification_levels(code),
  caveats text[] not null default '{}',
  originator text not null references organisations(id),
  releasable_to text[] not null default '{}'
);

create table features (
  id uuid primary key,
  layer_id uuid not null references layers(id),
  geom geometry(Geometry, 4326) not null,
  props jsonb not null default '{}',
  version int not null default 1,
  classification text not null references classification_levels(code),
  caveats text[] not null default '{}',
  originator text not null references organisations(id),
  releasable_to text[] not null default '{}',
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_by uuid references users(id),
  updated_at timestamptz not null default now(),
  deleted boolean not null default false
);
create index features_geom_idx on features using gist (geom);
create index features_layer_idx on features (layer_id);

create table changesets (
  id uuid not null unique,
  seq bigserial primary key,
  layer_id uuid not null references layers(id),
  author uuid references users(id),
  applied_at timestamptz not null default now(),
  ops jsonb not null
);
