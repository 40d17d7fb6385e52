/**
 * A module's forum: the questions newest first, each opened in place with its replies and a
 * reply box; a question asked with its title and text. On the course home for its learners; on
 * the Department's page for its managers, who answer and hide (a reason, then the button).
 */
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { formatDateTime, t } from '../i18n/index.ts';
import { Field, FormProblem, TextArea } from '../ui/form.tsx';
import { useAsync } from '../ui/hooks.ts';
import { ErrorPanel, Loading } from '../ui/states.tsx';
import { HideWithReason, ModulePage } from './course-ratings.tsx';

interface Post {
  body: string;
  authorName: string;
  createdAt: string;
  hidden: boolean;
  hiddenReason?: string;
  mine: boolean;
}
interface Thread extends Post {
  threadId: string;
  title: string;
  replies: number;
}
interface Reply extends Post {
  replyId: string;
}
interface Forum {
  moderator: boolean;
  open: boolean;
  items: Thread[];
}

/** A post's text, or what a reader is told of a hidden one (its author and moderators see why). */
function PostText({ post }: { post: Post }) {
  if (!post.hidden) return <p class="post-body">{post.body}</p>;
  return (
    <>
      <p class="hint">{t('forum.hidden')}</p>
      {post.body && <p class="post-body">{post.body}</p>}
      {post.hiddenReason && <p class="hint">{t('forum.hiddenReason', { reason: post.hiddenReason })}</p>}
    </>
  );
}

const byLine = (p: Post) => `${p.authorName} · ${formatDateTime(p.createdAt)}`;

/** A form of one or two fields that posts and then clears (a question, a reply). */
function PostForm({
  path,
  withTitle,
  legend,
  send,
  onDone,
}: {
  path: string;
  withTitle: boolean;
  legend: string;
  send: string;
  onDone: () => void;
}) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      await api(path, { method: 'POST', body: { ...(withTitle ? { title } : {}), body } });
      setTitle('');
      setBody('');
      onDone();
    } catch (error) {
      if (error instanceof ApiProblem && error.status < 500) setProblem(error);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate class="stacked" data-testid={withTitle ? 'ask-form' : 'reply-form'}>
      <fieldset>
        <legend>{legend}</legend>
        {withTitle && (
          <Field
            name="title"
            label={t('forum.questionTitle')}
            value={title}
            maxLength={200}
            onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
            problem={problem}
            required
          />
        )}
        <TextArea
          name="body"
          label={withTitle ? t('forum.questionBody') : t('forum.replyBody')}
          value={body}
          maxLength={5000}
          rows={withTitle ? 4 : 3}
          onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
          problem={problem}
          required
        />
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        {send}
      </button>
      <FormProblem problem={problem} failure={failure} fields={['title', 'body']} />
    </form>
  );
}

/** One question opened: its replies in order, a reply box while the forum takes posts. */
function ThreadView({ threadId, onChanged }: { threadId: string; onChanged: () => void }) {
  const view = useAsync(
    (signal) =>
      api<{ moderator: boolean; open: boolean; thread: Thread; items: Reply[] }>(
        `/forum-threads/${encodeURIComponent(threadId)}`,
        { query: { limit: 100 }, signal },
      ),
    [threadId],
  );
  if (view.error) return <ErrorPanel error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading />;
  const { moderator, open, thread, items } = view.data;
  const changed = () => {
    view.reload();
    onChanged();
  };
  const path = `/forum-threads/${encodeURIComponent(threadId)}`;
  return (
    <div class="thread" data-testid="forum-thread">
      <PostText post={thread} />
      {moderator && !thread.hidden && (
        <HideWithReason
          path={`${path}/hide`}
          label={t('forum.hideQuestion')}
          confirm={t('forum.hideConfirm', { name: thread.authorName })}
          onDone={changed}
        />
      )}
      <ol class="review-list" aria-label={t('forum.replies')}>
        {items.map((r) => (
          <li key={r.replyId} data-testid="forum-reply">
            <p class="hint">{byLine(r)}</p>
            <PostText post={r} />
            {moderator && !r.hidden && (
              <HideWithReason
                path={`${path}/hide`}
                extra={{ replyId: r.replyId }}
                label={t('forum.hideReply')}
                confirm={t('forum.hideConfirm', { name: r.authorName })}
                onDone={changed}
              />
            )}
          </li>
        ))}
      </ol>
      {open && (
        <PostForm
          path={`${path}/replies`}
          withTitle={false}
          legend={t('forum.reply')}
          send={t('forum.sendReply')}
          onDone={changed}
        />
      )}
    </div>
  );
}

export function ForumPanel({ moduleId }: { moduleId: string }) {
  const forum = useAsync(
    (signal) =>
      api<Forum>(`/course-modules/${encodeURIComponent(moduleId)}/forum`, { query: { limit: 50 }, signal }),
    [moduleId],
  );
  const [opened, setOpened] = useState<string>();
  if (forum.error) return <ErrorPanel error={forum.error} retry={forum.reload} />;
  if (!forum.data) return <Loading />;
  const { open, items } = forum.data;
  return (
    <section class="panel" data-testid="forum">
      <h2>{t('forum.title')}</h2>
      {!open && <p class="hint">{t('forum.readOnly')}</p>}
      {items.length === 0 && <p>{t('forum.none')}</p>}
      <ul class="review-list">
        {items.map((q) => (
          <li key={q.threadId} data-testid="forum-question">
            <p>
              <button
                type="button"
                class="link-button"
                aria-expanded={opened === q.threadId}
                onClick={() => setOpened(opened === q.threadId ? undefined : q.threadId)}
              >
                {q.hidden && !q.title ? t('forum.hiddenTitle') : q.title}
              </button>
            </p>
            <p class="hint">
              {byLine(q)} · {t('forum.replyCount', { n: q.replies })}
            </p>
            {opened === q.threadId && <ThreadView threadId={q.threadId} onChanged={forum.reload} />}
          </li>
        ))}
      </ul>
      {open && (
        <PostForm
          path={`/course-modules/${encodeURIComponent(moduleId)}/forum`}
          withTitle
          legend={t('forum.ask')}
          send={t('forum.sendQuestion')}
          onDone={forum.reload}
        />
      )}
    </section>
  );
}

/** The Department's view of a module's forum: to answer and moderate. */
export function ModuleForumPage({ id }: { me: Me; id: string }) {
  return (
    <ModulePage id={id} title={t('forum.title')} heading={(code) => t('forum.pageTitle', { code })}>
      <ForumPanel moduleId={id} />
    </ModulePage>
  );
}
