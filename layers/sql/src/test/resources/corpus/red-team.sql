# Red-team corpus (issue 13, report docs: /work/shared/findings/sql-red-team-2026-12.md).
#
# Every SQL text of the December 2026 report, and variants of each: quoting, case, U& with
# UESCAPE, comments inside names, pg_catalog qualification, E'' strings, dollar quotes, line
# ends PostgreSQL does and does not know, NUL.
#
# Format: as postgresql.sql ("@ <risk> <kind>" then the SQL), with optional fields after the
# kind that the classification must also show:
#   calls=f,g         f and g are in sideEffectFunctions (policy must name them)
#   access=k:s.t      the accesses include kind k on table s.t (k = select, insert, update, ...)
#   folds=f           f is in foldingAggregates
#   refused           nothing may run (executableSql is empty)
# A line "=> text" after the SQL is the exact canonical text Airlock must run.
# {U+XXXX} stands for that character.

# --- F2: U&-escaped function names (#57-#63, #93, #94, #102) -----------------------------
@ unknown select calls=pg_sleep
select U&"pg\005fsleep"(2)
=> select "pg_sleep"(2)

# A quoted name keeps its case: "PG_sleep" is no built-in, so unknown.
@ unknown unknown refused
select u&"PG\005Fsleep"(2)

@ unknown select calls=pg_sleep
select u&"pg\005Fsleep"(2)

@ unknown select calls=pg_sleep
select U&"pg!005fsleep" UESCAPE '!' (2)
=> select "pg_sleep"(2)

@ unknown select calls=pg_sleep
select U&"pg!005fsleep" /* a comment before UESCAPE */ uescape '!'(2)

@ unknown select calls=pg_sleep
select pg_catalog.U&"pg\005fsleep"(2)

@ unknown select calls=pg_sleep
select U&"pg_catalog" . U&"\+000070g\005fsleep"(2)

@ unknown select calls=pg_sleep
select "pg_catalog"/**/./**/"pg_sleep"(2)
=> select "pg_catalog"."pg_sleep"(2)

@ unknown select calls=pg_sleep
select (select U&"pg\005fsleep"(2))

@ unknown select calls=pg_sleep
select * from U&"pg\005fsleep"(2)

@ privilege select calls=set_config
select U&"set\005fconfig"('application_name','pwned-by-reporting',false)

# pg_sleep (unknown risk) outranks set_config (privilege).
@ unknown select calls=set_config,pg_sleep
select U&"set\005fconfig"('standard_conforming_strings','off',false) scs, U&"pg\005fsleep"(1.5)

@ unknown unknown refused
select "SET_CONFIG"('a', 'b', false) from (select 1) s where false or true

@ privilege select calls=set_config
select SET_CONFIG('a', 'b', false) from (select 1) s where false or true

@ privilege select calls=set_config
select pg_catalog.set_config('default_transaction_read_only','off',false)

@ privilege select calls=set_config
select * from set_config('default_transaction_read_only','off',false)

@ write select calls=pg_advisory_lock
select U&"pg\005fadvisory\005flock"(42)

@ write select calls=pg_notify
select U&"pg\005fnotify"('ch','hello')

@ privilege select calls=query_to_xml
select U&"query\005fto\005fxml"('select ssn, birth_date from customers limit 2',true,false,'')

@ write select calls=lo_from_bytea
select U&"lo\005ffrom\005fbytea"(0,'x')

@ privilege select calls=pg_read_file
select U&"pg\005fread\005ffile"('postgresql.conf')

@ write select calls=nextval,lo_from_bytea
select nextval('orders_id_seq'), U&"lo\005ffrom\005fbytea"(0, convert_to('planted by ops-bot, no approval','UTF8'))

@ write select calls=nextval,setval
select nextval('orders_id_seq'), U&"set\0076al"('orders_id_seq',1)

@ privilege select calls=pg_terminate_backend
select U&"pg\005fterminate\005fbackend"(1091)

# --- F3: SQL run from strings (#38, #39, #67, #92) -----------------------------------------
@ privilege select calls=ts_stat
select word, ndoc from ts_stat('select to_tsvector(''simple'', ssn) from customers')

@ privilege select calls=ts_rewrite
select ts_rewrite('a'::tsquery, 'select ''a''::tsquery, to_tsquery(''simple'', translate(ssn,''-'','''')) from customers limit 1')

@ privilege select calls=ts_stat
select word from ts_stat('select to_tsvector(''simple'', relname::text) from pg_class where relnamespace = ''public''::regnamespace')

@ privilege select calls=ts_stat
select word from ts_stat($$select to_tsvector('simple', set_config('standard_conforming_strings','off',false)) from (select pg_sleep(1)) s$$)

@ privilege select calls=ts_stat
select word from U&"ts\005fstat"('select 1')

# --- F6, F10: other sessions, advisory locks (#64, #66, #102) -------------------------------
@ write select calls=pg_try_advisory_xact_lock_shared,pg_advisory_unlock_shared
select pg_try_advisory_xact_lock_shared(1), pg_advisory_unlock_shared(1)

@ privilege select calls=pg_stat_get_activity
select query from pg_stat_get_activity(null)

@ privilege select calls=pg_stat_get_activity
select pid, application_name, query from pg_stat_get_activity(null) where query like '%confidential%'

# --- #45-#56: the forms that held, still held -----------------------------------------------
@ privilege select calls=query_to_xml
select query_to_xml('delete from orders where id=1 returning 1',true,true,'')

@ privilege select calls=table_to_xml
select table_to_xml('pg_catalog.pg_authid', true, true, '')

@ privilege select calls=schema_to_xml
select schema_to_xml('public', true, true, '')

@ privilege select calls=database_to_xml
select database_to_xml(true, true, '')

@ privilege select calls=query_to_xml_and_xmlschema
select query_to_xml_and_xmlschema('select 1', true, true, '')

@ privilege select calls=dblink
select dblink('dbname=demo','delete from orders')

@ write select calls=lo_create
select lo_create(0)

@ write select calls=nextval
select nextval('orders_id_seq')

@ unknown select calls=pg_sleep_for
select pg_sleep_for('1 second')

@ unknown select calls=pg_sleep
select * from orders, lateral pg_sleep(0.01)

@ unknown select calls=pg_sleep
select 1 from pg_catalog . "pg_sleep"(2)

@ privilege select calls=current_setting,set_config
select current_setting('is_superuser'), set_config('a.b', 'c', true)

@ read select calls=version,current_setting
select current_user, current_setting('is_superuser'), version()

# --- functions Airlock does not know -------------------------------------------------------
@ unknown unknown refused
select public.pg_sleep(1)

@ unknown unknown refused
select my_function(id) from orders

@ unknown unknown refused
select "Upper"('x')

# --- principle 4: catalogs are resources ---------------------------------------------------
@ read select access=select:pg_catalog.pg_class
select relname from pg_class

@ read select access=select:pg_catalog.pg_class
select relname from PG_CLASS

@ read select access=select:pg_catalog.pg_class
select relname from U&"pg\005fclass"

@ read select access=select:pg_catalog.pg_roles
select rolname from pg_catalog.pg_roles

@ read select access=select:pg_catalog.pg_authid
select rolname, rolpassword from pg_catalog . pg_authid

@ read select access=select:information_schema.columns
select column_name from information_schema.columns where table_name = 'customers'

@ read select access=select:pg_catalog.pg_class
select 'customers'::regclass

@ read select access=select:pg_catalog.pg_namespace
select 'public'::pg_catalog.regnamespace

@ read select access=select:pg_catalog.pg_proc
select cast('now' as regproc)

@ read select access=select:pg_catalog.pg_stat_activity
select query from pg_stat_activity

# --- F1, F4: one reading of strings (#69-#74, #82-#87, #90, #91, #120) ----------------------
# A backslash right before a quote: readers with standard_conforming_strings off go on with
# the string, PostgreSQL (pinned on) ends it. Two readings, so none: refused.
@ unknown unknown refused
select 'x\', '; commit; delete from orders where id = 600; select 1 --' as a

@ unknown unknown refused
select 'x\', '; commit; update customers set city = $$PWNED-BY-REPORTING$$ where id = 2; select 1 --' as a

@ unknown unknown refused
update customers set birth_date = birth_date, city = 'Oslo\', full_name = full_name where id > 0 -- ' where id = 5

# An E'' string that escapes a quote with a backslash: readers that do not know E'' end it there.
@ unknown unknown refused
select E'\'; delete from orders where id=1; --'

@ read select
select U&'\0027; delete from orders where id = 1; --'
=> select '''; delete from orders where id = 1; --'

@ read select
select U&'!0027; delete from orders where id = 1; --' UESCAPE '!'
=> select '''; delete from orders where id = 1; --'

@ read select
select $$ ; delete from orders where id = 1 ; $$
=> select ' ; delete from orders where id = 1 ; '

# A dollar tag inside a dollar-quoted string: readers that do not match tags exactly end it early.
@ unknown unknown refused
select $a$ $$ ; delete from orders; $$ $a$

@ read select
select 1 /* /* */ ; delete from orders where id=2 -- */
=> select 1

@ read select
select 1 -- ; delete from orders
=> select 1

@ unknown unknown refused
select 1 --x{U+000D}; select 1/0

@ read select
select 1 --x{U+000B}; select 1/0
=> select 1

@ read select
select 1 --x{U+2028}; select 1/0
=> select 1

@ unknown unknown refused
select 1{U+2028}; select 1/0

@ unknown unknown refused
select 1{U+0000}; delete from orders

@ unknown unknown refused
select 'a{U+0000}b'

@ unknown unknown refused
select E'a\000b'

@ unknown unknown refused
select U&'a\0000b'

@ unknown unknown refused
select 1 as a$$; select 1/0; --$$

@ unknown unknown refused
select $é$ x $é$; select 1/0

@ unknown unknown refused
select $1a$ x $1a$

@ unknown unknown refused
select {fn pg_sleep(2)}

@ unknown unknown refused
{call pg_sleep(2)}

@ unknown unknown refused
select 'a'
'b'

@ unknown unknown refused
select 'never closed

@ unknown unknown refused
select 1 /* never closed

@ read select
select E'\x41\u00e9\U0001F600\101' as s
=> select 'Aé😀A' as s

@ read select
select 'it''s', E'tab\there', E'back\\slash'
=> select 'it''s', E'tab\there', E'back\\slash'

@ read select
SeLeCt/*x*/1{U+000B}AS{U+000C}"A"
=> select 1 as "A"

# --- principle 2: session statements never run as reads ------------------------------------
@ unknown unknown refused
set standard_conforming_strings = off

@ unknown unknown refused
reset all

@ unknown unknown refused
discard all

@ unknown unknown refused
begin

@ unknown unknown refused
commit

@ unknown unknown refused
rollback

@ unknown unknown refused
start transaction read write

@ unknown unknown refused
savepoint s

@ unknown unknown refused
prepare transaction 'x'

@ unknown unknown refused
listen ch

@ unknown unknown refused
notify ch, 'x'

@ unknown unknown refused
lock table orders

@ unknown unknown refused
prepare p as delete from orders

@ unknown unknown refused
execute p

@ unknown unknown refused
deallocate p

@ unknown unknown refused
do $$ begin delete from orders; end $$

@ unknown unknown refused
copy customers to stdout

@ unknown unknown refused
load 'plpgsql'

@ unknown unknown refused
checkpoint

@ unknown unknown refused
vacuum orders

@ unknown unknown refused
select 1; select 2

# --- F11 and MERGE: the real actions --------------------------------------------------------
@ write update access=insert:public.orders access=update:public.orders
insert into orders(id,customer_id,total,created_at) values (9001,1,13.37,now()) on conflict (id) do update set total = excluded.total

@ write insert access=insert:public.orders
insert into orders(id,customer_id,total,created_at) values (9001,1,13.37,now()) on conflict (id) do nothing

@ write merge access=insert:public.orders access=update:public.orders access=delete:public.orders
merge into orders o using (select 1 as id) s on o.id = s.id when matched and o.total > 0 then update set total = 0 when matched then delete when not matched then insert (id, customer_id, total, created_at) values (s.id, 1, 0, now())

# --- F9: folding aggregates (#103) ----------------------------------------------------------
@ read select folds=json_agg
select json_agg(o) from orders o

@ read select folds=string_agg
select string_agg(id::text || ':' || translate(ssn,'-',''), ',') from customers

@ read select folds=array_agg
select array_agg(ssn) from customers

@ read select folds=jsonb_object_agg
select pg_catalog.jsonb_object_agg(id, email) from customers
