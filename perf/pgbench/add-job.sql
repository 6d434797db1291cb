-- The raw PostgreSQL figure for adding jobs one at a time: the SQL function both workers' clients call.
select graphile_worker.add_job('noop', json_build_object('id', :client_id::int));
