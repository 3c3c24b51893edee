# MySQL-dialect statement-classification corpus.
#
# Format: a header line "@ <risk> <kind>" starts each case; the SQL text follows on the
# next line(s) up to the next header or the end of the file. Lines starting with '#'
# are comments of this file, so MySQL '#' comments inside a case never start a line.
#   risk: read | write | destructive | ddl | privilege | unknown
#   kind: select | insert | update | delete | merge | truncate | ddl | privilege | call | unknown
#
# Database `shop` with customers(id, full_name, email, phone, card_number, ssn, birth_date, city)
# and orders(id, customer_id, total, created_at). These cases are classified, not executed.

# --- reads ---
@ read select
SELECT * FROM customers

@ read select
select `id`, `full_name`, `email` from `customers` where `id` = 1

@ read select
SELECT * FROM `shop`.`orders` ORDER BY `created_at` DESC LIMIT 10

@ read select
select * from orders limit 20, 10

@ read select
SELECT * FROM orders LIMIT 10 OFFSET 20

@ read select
select customer_id, sum(total) as spent from orders group by customer_id having spent > 100 order by spent desc

@ read select
SELECT c.full_name, o.total FROM customers c INNER JOIN orders o ON o.customer_id = c.id

@ read select
select c.id, count(o.id) from customers c left join orders o on o.customer_id = c.id group by c.id

@ read select
SELECT DATE_FORMAT(created_at, '%Y-%m') AS month, SUM(total) FROM orders GROUP BY month

@ read select
select ifnull(email, 'n/a'), coalesce(phone, '-') from customers

@ read select
select group_concat(distinct city order by city separator ', ') from customers

@ read select
select * from orders where created_at > now() - interval 1 day

@ read select
select * from orders where created_at >= date_sub(curdate(), interval 30 day)

@ read select
select json_unquote(json_extract(json_object('id', id, 'name', full_name), '$.name')) from customers

@ read select
select str_to_date('01/05/2024', '%d/%m/%Y'), timestampdiff(year, birth_date, curdate()) from customers

@ read select
select id, total, row_number() over (partition by customer_id order by created_at) as rn from orders

@ read select
WITH big AS (SELECT * FROM orders WHERE total > 100) SELECT * FROM big

@ read select
with recursive seq (n) as (select 1 union all select n + 1 from seq where n < 10) select * from seq

@ read select
select * from customers where email regexp '@example\\.(com|org)$'

@ read select
SELECT SQL_NO_CACHE * FROM customers

@ read select
select straight_join c.id from customers c join orders o on o.customer_id = c.id

@ read select
select * from orders use index (primary) where id > 10

@ read select
select * from orders force index (`PRIMARY`) order by id limit 5

@ read select
select city, count(*) from customers group by city with rollup

@ read select
select if(total > 100, 'big', 'small') as size, cast(total as char), convert(total, signed) from orders

@ read select
select case when total > 100 then 'big' else 'small' end as size from orders

@ read select
select * from customers where exists (select 1 from orders where orders.customer_id = customers.id)

@ read select
select city from customers union select 'Unknown'

@ read select
select datediff(now(), birth_date) div 365 as age_years from customers

@ read select
select last_insert_id(), found_rows(), @@version, database(), user(), current_user()

@ read select
select count(*) from information_schema.tables where table_schema = 'shop'

@ read select
select x'4142', b'1010', 0x41

@ read select
TABLE customers

@ read select
VALUES ROW(1, 'a'), ROW(2, 'b')

@ read select
select distinct city from customers order by city desc limit 3

@ read select
select * from orders where id in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 300)

# --- SHOW / DESCRIBE / EXPLAIN ---
@ read select
SHOW TABLES

@ read select
show databases

@ read select
SHOW COLUMNS FROM `customers`

@ read select
show create table orders

@ read select
SHOW INDEX FROM orders

@ read select
show variables like 'max_connections'

@ read select
SHOW FULL PROCESSLIST

@ read select
show table status like 'orders'

@ read select
DESCRIBE customers

@ read select
EXPLAIN SELECT * FROM orders WHERE customer_id = 1

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
explain format=json select * from customers

@ read select
EXPLAIN DELETE FROM orders WHERE id = 1

@ read select
EXPLAIN ANALYZE SELECT * FROM orders WHERE total > 10

# --- quoting and comment tricks that stay one read ---
@ read select
select 'a\'; drop table orders; --' as s

@ read select
select "it's; drop table x" as s

@ read select
select * from orders # ; drop table orders

@ read select
select * from orders -- ; delete from orders

@ read select
/* drop table orders; */ select 1

@ read select
select 1 --1

@ read select
SeLeCt * FrOm `orders`

@ read select
select `select`, `from` from (select 1 as `select`, 2 as `from`) as `t`

@ read select
SELECT c.`full_name` AS `Kundenname_ü` FROM `customers` c WHERE c.`city` IN ('Berlin', 'München', 'Zürich')

@ read select
select 'it''s' as s, 'say \"hi\"; delete from orders' as t

@ read select
select * from customers limit 5;

@ read select
select `delete`.* from (select id from orders) as `delete`

@ read select
select 'for update' as note, 'sleep(10)' as fn from orders

@ read select
select id
from orders # trailing hash comment; drop table orders
where total > 0

# --- inserts ---
@ write insert
INSERT INTO `orders` (`customer_id`, `total`, `created_at`) VALUES (1, 19.99, NOW())

@ write insert
insert into customers (full_name, email) values ('A', 'a@example.com'), ('B', 'b@example.com')

@ write insert
INSERT IGNORE INTO customers (id, full_name) VALUES (1, 'Alice')

@ write insert
insert into customers set full_name = 'Dora', city = 'Madrid'

@ write insert
insert into orders (customer_id, total, created_at) select id, 0, now() from customers where city = 'Berlin'

@ write insert
REPLACE INTO customers (id, full_name) VALUES (1, 'Alice')

@ write insert
replace into orders select * from orders where id = 1

@ write insert
REPLACE customers SET id = 3, full_name = 'Carol'

@ write insert
insert into customers (full_name) values ('O\'Brien; DROP TABLE customers; -- ')

# --- upserts ---
@ write update
insert into customers (id, full_name) values (1, 'Alice') on duplicate key update full_name = values(full_name)

@ write update
INSERT INTO customers (id, city) VALUES (2, 'Rome') AS new ON DUPLICATE KEY UPDATE city = new.city

# --- updates ---
@ write update
UPDATE customers SET city = 'Berlin' WHERE id = 1

@ write update
update orders set total = total * 1.1 where created_at < '2024-01-01' order by id limit 100

@ write update
UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.total = 0 WHERE c.city = 'Paris'

@ write update
update low_priority ignore customers set email = lower(email) where id > 0

@ destructive update
update customers set ssn = null

@ destructive update
UPDATE orders SET total = 0 ORDER BY id LIMIT 10

@ destructive update
update orders o join customers c on c.id = o.customer_id set o.total = 0

@ destructive update
update customers set email = 'x@example.com' # where id = 1

# --- deletes ---
@ write delete
DELETE FROM orders WHERE id = 1

@ write delete
delete from orders where created_at < date_sub(now(), interval 2 year) limit 1000

@ write delete
DELETE o FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.city = 'Paris'

@ write delete
delete quick ignore from orders where total = 0

@ write delete
WITH old AS (SELECT id FROM customers WHERE city = 'Paris') DELETE FROM orders WHERE customer_id IN (SELECT id FROM old)

@ write delete
delete from orders where id in (3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60, 63, 66, 69, 72, 75, 78, 81, 84, 87, 90, 93, 96, 99, 102, 105, 108, 111, 114, 117, 120, 123, 126, 129, 132, 135, 138, 141, 144, 147, 150, 153, 156, 159, 162, 165, 168, 171, 174, 177, 180, 183, 186, 189, 192, 195, 198, 201, 204, 207, 210, 213, 216, 219, 222, 225, 228, 231, 234, 237, 240, 243, 246, 249, 252, 255, 258, 261, 264, 267, 270, 273, 276, 279, 282, 285, 288, 291, 294, 297, 300, 303, 306, 309, 312, 315, 318, 321, 324, 327, 330, 333, 336, 339, 342, 345, 348, 351, 354, 357, 360, 363, 366, 369, 372, 375, 378, 381, 384, 387, 390, 393, 396, 399, 402, 405, 408, 411, 414, 417, 420, 423, 426, 429, 432, 435, 438, 441, 444, 447, 450, 453, 456, 459, 462, 465, 468, 471, 474, 477, 480, 483, 486, 489, 492, 495, 498, 501, 504, 507, 510, 513, 516, 519, 522, 525, 528, 531, 534, 537, 540, 543, 546, 549, 552, 555, 558, 561, 564, 567, 570, 573, 576, 579, 582, 585, 588, 591, 594, 597, 600, 603, 606, 609, 612, 615, 618, 621, 624, 627, 630, 633, 636, 639, 642, 645, 648, 651, 654, 657, 660, 663, 666, 669, 672, 675, 678, 681, 684, 687, 690, 693, 696, 699, 702, 705, 708, 711, 714, 717, 720, 723, 726, 729, 732, 735, 738, 741, 744, 747, 750)

@ destructive delete
DELETE FROM orders

@ destructive delete
delete from `orders` order by created_at limit 100

@ destructive delete
delete o from orders o join customers c on c.id = o.customer_id

@ destructive delete
delete from orders -- where id = 1

# --- truncate ---
@ destructive truncate
TRUNCATE TABLE orders

@ destructive truncate
truncate `shop`.`orders`

# --- row locks and lock functions ---
@ write select
SELECT * FROM orders WHERE id = 1 FOR UPDATE

# Valid, but JSqlParser 5.4 cannot take it apart: unknown, so it fails closed.
@ unknown unknown
select * from orders where id = 1 lock in share mode

@ write select
select * from orders where customer_id = 1 for share skip locked

@ write select
select * from orders order by id limit 10 for update nowait

@ write select
select get_lock('nightly-report', 10)

# --- delays ---
@ unknown select
select sleep(5)

@ unknown select
select * from orders where sleep(1) = 0

@ unknown select
SELECT BENCHMARK(1000000, MD5('x'))

@ unknown select
select if(1 = 1, sleep(3), 0)

# --- files ---
@ privilege select
SELECT LOAD_FILE('/etc/passwd')

@ privilege select
select * from customers into outfile '/tmp/customers.csv' fields terminated by ','

@ privilege select
SELECT ssn INTO OUTFILE '/tmp/x' FROM customers

@ privilege select
select full_name from customers limit 1 into dumpfile '/tmp/name.bin'

# --- DDL ---
@ ddl ddl
CREATE TABLE `audit_log` (`id` BIGINT AUTO_INCREMENT PRIMARY KEY, `action` VARCHAR(64) NOT NULL, `at` DATETIME DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4

@ ddl ddl
create temporary table tmp_orders select * from orders where total > 100

@ ddl ddl
create table customers_copy like customers

@ ddl ddl
ALTER TABLE customers ADD COLUMN loyalty_points INT NOT NULL DEFAULT 0 AFTER city

@ ddl ddl
alter table orders modify total decimal(12,2) not null

@ ddl ddl
alter table customers rename to clients

@ ddl ddl
RENAME TABLE customers TO clients

@ ddl ddl
create index idx_orders_customer on orders (customer_id)

@ ddl ddl
CREATE UNIQUE INDEX ux_email ON customers (email(191))

@ ddl ddl
create or replace view order_totals as select customer_id, sum(total) as total from orders group by customer_id

@ ddl ddl
CREATE DATABASE IF NOT EXISTS reporting

@ ddl ddl
alter table orders drop index idx_orders_customer

# --- destructive DDL ---
@ destructive ddl
drop table orders

@ destructive ddl
DROP TABLE IF EXISTS `orders`, `customers`

@ destructive ddl
drop view order_totals

@ destructive ddl
DROP INDEX idx_orders_customer ON orders

@ destructive ddl
drop database shop

# --- privileges ---
@ privilege privilege
GRANT SELECT ON shop.* TO 'analyst'@'%'

@ privilege privilege
grant all privileges on *.* to 'root'@'%' with grant option

@ privilege privilege
REVOKE INSERT, UPDATE ON shop.orders FROM 'app'@'localhost'

@ privilege privilege
CREATE USER 'report'@'localhost' IDENTIFIED BY 's3cret'

@ privilege privilege
alter user 'report'@'localhost' identified by 'n3w-s3cret'

@ privilege privilege
DROP USER IF EXISTS 'report'@'localhost'

@ privilege privilege
CREATE ROLE 'reader'

@ privilege privilege
grant 'reader' to 'report'@'localhost'

@ privilege privilege
SET ROLE 'reader'

@ privilege privilege
drop role 'reader'

# --- procedures ---
@ unknown call
CALL refresh_stats()

@ unknown call
call shop.archive_orders(30)

@ unknown call
CALL `purge`(@n)

# --- loads, session and transaction statements ---
@ unknown unknown
LOAD DATA INFILE '/tmp/orders.csv' INTO TABLE orders FIELDS TERMINATED BY ','

@ unknown unknown
load data local infile 'customers.csv' into table customers

@ unknown unknown
USE shop

@ unknown unknown
SET NAMES utf8mb4

@ unknown unknown
set autocommit = 0

@ unknown unknown
SET SESSION sql_mode = 'ANSI_QUOTES'

@ unknown unknown
set @cutoff = now()

@ unknown unknown
START TRANSACTION

@ unknown unknown
begin

@ unknown unknown
COMMIT

@ unknown unknown
ROLLBACK

@ unknown unknown
LOCK TABLES orders WRITE

@ unknown unknown
UNLOCK TABLES

@ unknown unknown
ANALYZE TABLE orders

@ unknown unknown
OPTIMIZE TABLE orders

@ unknown unknown
PREPARE stmt FROM 'DELETE FROM orders WHERE id = ?'

@ unknown unknown
EXECUTE stmt USING @id

@ unknown unknown
DEALLOCATE PREPARE stmt

@ unknown unknown
DO SLEEP(1)

# --- several statements in one text ---
@ unknown unknown
select 1; drop table orders

@ unknown unknown
SELECT * FROM customers; DELETE FROM orders

@ unknown unknown
select 1 # comment ends at the newline
; drop table orders

@ unknown unknown
select 1 /* ; */ ; drop table x

@ unknown unknown
START TRANSACTION; UPDATE orders SET total = 0 WHERE id = 1; COMMIT

@ unknown unknown
select "a"; select 'b'

# --- text that does not parse ---
@ unknown unknown
selct * from orders

@ unknown unknown
select * from orders where

@ unknown unknown
select 'unterminated from orders

@ unknown unknown
select `unterminated from orders

@ unknown unknown
SELECT * FROM orders WHERE (id = 1

@ unknown unknown
DR/**/OP TABLE orders

# --- empty and comment-only text ---
@ unknown unknown
-- just a comment

@ unknown unknown
/* only a block comment; drop table orders */
