//! Group commit: writes that arrive at the same moment share one database
//! transaction. Each caller still waits for the commit that holds its row,
//! so an answer is only given once the write is durable; what changes is
//! that a burst of 60 check-ins costs one commit instead of 60.
//!
//! One task per batcher takes whatever is waiting (up to `max` items),
//! writes it with one call, and answers every caller. If the batch as a
//! whole fails, each item is retried on its own, so one bad item cannot
//! fail the others.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

type Reply<R> = oneshot::Sender<Result<R, Arc<saathi_store::StoreError>>>;
type WriteFn<T, R> =
    Arc<dyn Fn(Vec<T>) -> Pin<Box<dyn Future<Output = saathi_store::Result<Vec<R>>> + Send>> + Send + Sync + 'static>;

/// Queues items of type `T` for a batch writer that answers with an `R` per item.
pub struct Batcher<T, R> {
    queue: mpsc::Sender<(T, Reply<R>)>,
}

impl<T, R> Clone for Batcher<T, R> {
    fn clone(&self) -> Self {
        Batcher { queue: self.queue.clone() }
    }
}

/// Why a batched write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Store(#[from] Arc<saathi_store::StoreError>),
    #[error("the batch writer has stopped")]
    Stopped,
}

impl<T: Clone + Send + 'static, R: Send + 'static> Batcher<T, R> {
    /// Starts the writer task. `write` must answer with one result per item,
    /// in the items' order, and write all of them or none.
    pub fn spawn<F, Fut>(max: usize, write: F) -> Self
    where
        F: Fn(Vec<T>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = saathi_store::Result<Vec<R>>> + Send + 'static,
    {
        let (queue, mut rx) = mpsc::channel::<(T, Reply<R>)>(max * 4);
        let write: WriteFn<T, R> = Arc::new(move |items| Box::pin(write(items)));
        tokio::spawn(async move {
            let mut waiting = Vec::with_capacity(max);
            while rx.recv_many(&mut waiting, max).await > 0 {
                let (items, replies): (Vec<T>, Vec<Reply<R>>) = std::mem::take(&mut waiting).into_iter().unzip();
                metrics::histogram!("saathi_batch_size").record(items.len() as f64);
                match write(items.clone()).await {
                    Ok(results) if results.len() == replies.len() => {
                        for (reply, r) in replies.into_iter().zip(results) {
                            let _ = reply.send(Ok(r));
                        }
                    }
                    Ok(_) => {
                        let e = Arc::new(saathi_store::StoreError::Corrupt("a batch write lost items".into()));
                        for reply in replies {
                            let _ = reply.send(Err(e.clone()));
                        }
                    }
                    Err(_) if items.len() > 1 => {
                        // One at a time, so the others still land.
                        for (item, reply) in items.into_iter().zip(replies) {
                            let one = write(vec![item])
                                .await
                                .map_err(Arc::new)
                                .and_then(|mut v| v.pop().ok_or_else(|| Arc::new(saathi_store::StoreError::NotFound)));
                            let _ = reply.send(one);
                        }
                    }
                    Err(e) => {
                        let e = Arc::new(e);
                        for reply in replies {
                            let _ = reply.send(Err(e.clone()));
                        }
                    }
                }
            }
        });
        Batcher { queue }
    }

    /// Writes one item with whatever else is waiting; returns once it is committed.
    pub async fn write(&self, item: T) -> Result<R, BatchError> {
        let (tx, rx) = oneshot::channel();
        self.queue.send((item, tx)).await.map_err(|_| BatchError::Stopped)?;
        rx.await.map_err(|_| BatchError::Stopped)?.map_err(BatchError::Store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[tokio::test]
    async fn concurrent_items_share_batches_and_each_gets_its_own_answer() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let seen = sizes.clone();
        let b = Batcher::spawn(16, move |items: Vec<u32>| {
            let seen = seen.clone();
            async move {
                seen.lock().expect("lock").push(items.len());
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                Ok(items.into_iter().map(|i| i * 10).collect())
            }
        });
        let handles: Vec<_> = (0..40u32)
            .map(|i| {
                let b = b.clone();
                tokio::spawn(async move { (i, b.write(i).await.expect("written")) })
            })
            .collect();
        for h in handles {
            let (i, r) = h.await.expect("task");
            assert_eq!(r, i * 10);
        }
        let sizes = sizes.lock().expect("lock").clone();
        assert_eq!(sizes.iter().sum::<usize>(), 40);
        assert!(sizes.iter().all(|s| *s <= 16));
        assert!(sizes.len() < 40, "some items shared a batch: {sizes:?}");
    }

    #[tokio::test]
    async fn a_failing_item_does_not_fail_the_others() {
        let b = Batcher::spawn(8, |items: Vec<u32>| async move {
            if items.contains(&13) {
                return Err(saathi_store::StoreError::Conflict("thirteen"));
            }
            Ok(items)
        });
        let handles: Vec<_> = (10..16u32)
            .map(|i| {
                let b = b.clone();
                tokio::spawn(async move { (i, b.write(i).await) })
            })
            .collect();
        for h in handles {
            let (i, r) = h.await.expect("task");
            match r {
                Ok(v) => assert_eq!(v, i),
                Err(e) => assert_eq!(i, 13, "{e}"),
            }
        }
    }
}
