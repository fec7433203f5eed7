-- A push conflict answers with the version the pusher started from (issue 14: the Conflicts
-- panel's Base column), read from the log by feature and version. Without this index that read
-- scans the whole log; conflicts are rare, but the log grows without end.
create index changeset_features_feature_version_idx on changeset_features (feature_id, version);
