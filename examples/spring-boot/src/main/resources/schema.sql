create table if not exists orders (
  id bigserial primary key,
  email text not null,
  item text not null,
  quantity int not null,
  email_sent_at timestamptz
);
create table if not exists stock (
  item text primary key,
  quantity int not null
);
insert into stock (item, quantity) values ('teapot', 100), ('kettle', 1) on conflict do nothing;
