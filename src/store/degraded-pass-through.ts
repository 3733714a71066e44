import type { DeliveryStoreMethods, FeedStoreMethods, Store, SubscriptionStoreMethods } from './store.ts';

// What the degraded store passes straight through, failures included (degraded-store.ts says
// why each of these must stay strict).

type StrictMethods = SubscriptionStoreMethods & DeliveryStoreMethods & FeedStoreMethods;

export function createStrictPassThrough(store: Store): StrictMethods {
  return {
    putSubscription: (sub, actor) => store.putSubscription(sub, actor),
    getSubscription: (id) => store.getSubscription(id),
    listSubscriptions: (filter) => store.listSubscriptions(filter),
    deleteSubscription: (id, actor) => store.deleteSubscription(id, actor),
    listAudit: (subscriptionId) => store.listAudit(subscriptionId),
    claimDelivery: (d) => store.claimDelivery(d),
    updateDelivery: (fireKey, patch) => store.updateDelivery(fireKey, patch),
    getDelivery: (fireKey) => store.getDelivery(fireKey),
    listDeliveries: (subscriptionId, limit) => store.listDeliveries(subscriptionId, limit),
    lastSuccessfulDelivery: (subscriptionId) => store.lastSuccessfulDelivery(subscriptionId),
    getSeenDocuments: (subscriptionId) => store.getSeenDocuments(subscriptionId),
    markSeenDocuments: (subscriptionId, docs) => store.markSeenDocuments(subscriptionId, docs),
    putFeedSource: (source, actor) => store.putFeedSource(source, actor),
    listFeedSources: () => store.listFeedSources(),
    getFeedSource: (id) => store.getFeedSource(id),
    deleteFeedSource: (id, actor) => store.deleteFeedSource(id, actor),
    getFeedState: (sourceId) => store.getFeedState(sourceId),
    putFeedState: (state) => store.putFeedState(state),
    putArticle: (article) => store.putArticle(article),
    getArticle: (id) => store.getArticle(id),
    knownArticles: (ids) => store.knownArticles(ids),
    listArticles: (options) => store.listArticles(options),
    pruneArticles: (before) => store.pruneArticles(before),
  };
}
