/**
 * WH050 must not add a user to a stage whose build downloaded data into root's home for the app
 * to read (red-team trial: `python -m nltk.downloader punkt` then USER app → LookupError at run
 * time; the same for Hugging Face models, torch.hub weights, Playwright browsers…), unless a
 * variable or argument sends the data to a shared folder.
 */
import { describe, expect, it } from 'vitest';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';

const app = (...lines: string[]) =>
  df(
    'FROM python:3.9-slim',
    'WORKDIR /app',
    'COPY requirements.txt .',
    'RUN pip install --no-cache-dir -r requirements.txt',
    ...lines,
    'COPY . .',
    'EXPOSE 8000',
    'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]',
  );
const wh050 = (text: string) => {
  const res = optimize(text, ctx(['requirements.txt', 'main.py']));
  return { res, f: res.findings.find((x) => x.ruleId === 'WH050')! };
};

describe('WH050 and data downloaded into /root at build time', () => {
  it('baseline: without a download the user is added', () => {
    const { res, f } = wh050(app());
    expect(f.fixed).toBe(true);
    expect(res.text).toMatch(/^USER app$/m);
  });

  it.each([
    ['nltk downloader module', 'RUN python -m nltk.downloader punkt stopwords', /nltk_data/],
    ['nltk.download() in python -c', `RUN python -c "import nltk; nltk.download('punkt')"`, /nltk_data/],
    ['textblob corpora', 'RUN python -m textblob.download_corpora', /nltk_data/],
    [
      'sentence-transformers',
      `RUN python -c "from sentence_transformers import SentenceTransformer; SentenceTransformer('all-MiniLM-L6-v2')"`,
      /huggingface/,
    ],
    [
      'from_pretrained in a heredoc',
      'RUN <<EOF\npython - <<PY\nfrom transformers import AutoModel\nAutoModel.from_pretrained("bert-base-uncased")\nPY\nEOF',
      /huggingface/,
    ],
    ['huggingface-cli', 'RUN huggingface-cli download bert-base-uncased', /huggingface/],
    [
      'torch.hub',
      `RUN python -c "import torch; torch.hub.load('pytorch/vision', 'resnet18', pretrained=True)"`,
      /torch/,
    ],
    ['playwright', 'RUN playwright install --with-deps chromium', /ms-playwright/],
    ['whisper', `RUN python -c "import whisper; whisper.load_model('base')"`, /whisper/],
  ])('%s holds the user back', (_what, line, where) => {
    const { res, f } = wh050(app(line));
    expect(res.text).not.toMatch(/^USER /m);
    expect(f.fixed).toBe(false);
    expect(f.risk).toMatch(where);
  });

  it.each([
    ['NLTK_DATA in ENV', ['ENV NLTK_DATA=/usr/share/nltk_data', 'RUN python -m nltk.downloader punkt']],
    [
      'legacy ENV form',
      [
        'ENV HF_HOME /opt/hf',
        `RUN python -c "from transformers import pipeline; pipeline('sentiment-analysis')"`,
      ],
    ],
    ['a download folder argument', ['RUN python -m nltk.downloader -d /usr/local/share/nltk_data punkt']],
    ['an inline variable', ['RUN PLAYWRIGHT_BROWSERS_PATH=/ms-playwright playwright install chromium']],
  ])('data sent to a shared folder (%s) does not', (_what, lines) => {
    const { res, f } = wh050(app(...lines));
    expect(f.fixed).toBe(true);
    expect(res.text).toMatch(/^USER app$/m);
  });
});
