"""RabbitMQ as the tests observe it, run inside the worker pod with the worker's own broker URL
(behind the pod's step that puts the password into it).

  python - bind <queue>       bind <queue> to the order_events exchange order-service publishes to
  python - get <queue>        print the body of the next message on <queue> (empty if none)
  python - publish <queue> <body>   put a persistent message on the durable <queue>
"""
import os
import sys

from kombu import Connection, Exchange, Queue

command, queue_name = sys.argv[1], sys.argv[2]
# order-service declares order_events as a durable topic exchange; declaring it alike is a no-op.
order_events = Exchange("order_events", type="topic", durable=True)
if command == "bind":
    queue = Queue(queue_name, exchange=order_events, routing_key="order.#", durable=False)
else:
    queue = Queue(queue_name, durable=True)

with Connection(os.environ["CELERY_BROKER_URL"], connect_timeout=10) as connection:
    bound = queue(connection.default_channel)
    if command == "bind":
        bound.declare()
    elif command == "publish":
        bound.declare()
        producer = connection.Producer()
        producer.publish(sys.argv[3], routing_key=queue_name, delivery_mode=2, declare=[bound])
    elif command == "get":
        message = bound.get(no_ack=True)
        body = message.body if message else b""
        print(body.decode() if isinstance(body, bytes) else body)
    else:
        sys.exit(f"unknown command {command}")
